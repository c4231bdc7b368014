package dev.ccag.gateway.pool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Per-endpoint metrics: {@code ccag_pool_requests_total{endpoint,outcome}} (each attempt),
 * {@code ccag_pool_latency_seconds{endpoint}} (to Bedrock's response headers),
 * {@code ccag_pool_failovers_total{endpoint,reason}} (attempts handed on to the next endpoint),
 * {@code ccag_pool_cooldowns_total{endpoint}} and the gauge {@code ccag_pool_endpoint_state{endpoint}}
 * (0 healthy, 1 probing, 2 cooling down). Meters are cached by tags; endpoint names are operator-chosen.
 */
final class PoolMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    PoolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempt(String endpoint, Outcome outcome, long nanos) {
        counter("ccag.pool.requests", "Bedrock calls per endpoint and outcome", "endpoint", endpoint, "outcome", outcome.wire()).increment();
        latency.computeIfAbsent(endpoint, e -> Timer.builder("ccag.pool.latency")
                        .description("Time to Bedrock's response headers, per endpoint")
                        .tag("endpoint", e).publishPercentileHistogram().register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void failover(String endpoint, Outcome reason) {
        counter("ccag.pool.failovers", "Calls retried on the next endpoint", "endpoint", endpoint, "reason", reason.wire()).increment();
    }

    void cooldown(String endpoint) {
        counter("ccag.pool.cooldowns", "Times an endpoint went into cool-down", "endpoint", endpoint).increment();
    }

    /** Keeps one state gauge per current endpoint name; {@code state} reads the live value. */
    void trackStates(Set<String> names, ToDoubleFunction<String> state) {
        for (String name : names) {
            gauges.computeIfAbsent(name, n -> Gauge.builder("ccag.pool.endpoint.state", n, state)
                    .description("Endpoint health: 0 healthy, 1 probing, 2 cooling down")
                    .tag("endpoint", n).register(registry));
        }
        for (String gone : new HashSet<>(gauges.keySet())) {
            if (!names.contains(gone)) registry.remove(gauges.remove(gone));
        }
    }

    private Counter counter(String name, String description, String... tags) {
        StringBuilder key = new StringBuilder(name);
        for (String t : tags) key.append('|').append(t);
        return counters.computeIfAbsent(key.toString(), k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
