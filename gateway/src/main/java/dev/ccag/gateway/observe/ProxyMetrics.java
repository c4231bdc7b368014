package dev.ccag.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Prometheus metrics of the proxy path. Meters are cached per tag combination so recording costs
 * a map lookup, not a registry lookup; tag values that come from clients are bounded.
 */
public final class ProxyMetrics {
    private static final Pattern SAFE_TAG = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,80}");
    private static final int MAX_DISTINCT_BETAS = 100;

    private final MeterRegistry registry;
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Timer> ttfbTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer overhead;

    public ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.overhead = Timer.builder("ccag.gateway.overhead")
                .description("Time spent in the gateway itself: before the Bedrock call and between Bedrock's first event and the client's first byte")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }

    public void request(String operation, String model, int status, boolean stream, long nanos) {
        String key = operation + '|' + model + '|' + status + '|' + stream;
        requestTimers.computeIfAbsent(key, k -> Timer.builder("ccag.requests")
                        .description("Proxied requests by operation, model and status, with their total latency")
                        .tag("operation", operation).tag("model", model).tag("status", Integer.toString(status))
                        .tag("stream", Boolean.toString(stream))
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void timeToFirstByte(String model, long nanos) {
        ttfbTimers.computeIfAbsent(model, m -> Timer.builder("ccag.time.to.first.byte")
                        .description("From request arrival to the first streamed byte sent to the client")
                        .tag("model", m)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void gatewayOverhead(long nanos) {
        overhead.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void upstreamError(String endpoint, String errorType) {
        count("ccag.upstream.errors", "Errors from Bedrock by endpoint and type", "endpoint", endpoint, "type", safe(errorType));
    }

    /** An unknown or disallowed beta the gateway did not forward to Bedrock. */
    public void betaDropped(String beta) {
        String tag = safe(beta);
        if (!counters.containsKey("ccag.betas.dropped|" + tag) && counters.size() > MAX_DISTINCT_BETAS * 4) {
            tag = "other";
        }
        count("ccag.betas.dropped", "Betas removed before forwarding to Bedrock", "beta", tag);
    }

    /** Bedrock refused a beta or field and the gateway retried without it. */
    public void adaptation(String endpoint) {
        count("ccag.bedrock.adaptations", "Requests retried after Bedrock refused a beta or field", "endpoint", endpoint);
    }

    private void count(String name, String description, String... tags) {
        StringBuilder key = new StringBuilder(name);
        for (String t : tags) key.append('|').append(t);
        counters.computeIfAbsent(key.toString(), k -> Counter.builder(name).description(description).tags(tags).register(registry))
                .increment();
    }

    private static String safe(String value) {
        return value != null && SAFE_TAG.matcher(value).matches() ? value : "other";
    }
}
