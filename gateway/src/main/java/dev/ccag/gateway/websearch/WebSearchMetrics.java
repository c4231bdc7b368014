package dev.ccag.gateway.websearch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code ccag_websearch_searches_total{provider,outcome}} (outcome: ok, or the error code) and
 * {@code ccag_websearch_latency_seconds{provider}} (provider calls only, successful or not).
 */
public final class WebSearchMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> searches = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();

    public WebSearchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void search(String provider, String outcome) {
        searches.computeIfAbsent(provider + '|' + outcome, k -> Counter.builder("ccag.websearch.searches")
                        .description("Web searches run for the web_search server tool, by provider and outcome")
                        .tag("provider", provider).tag("outcome", outcome)
                        .register(registry))
                .increment();
    }

    void latency(String provider, long nanos) {
        latency.computeIfAbsent(provider, p -> Timer.builder("ccag.websearch.latency")
                        .description("Time a search provider took to answer")
                        .tag("provider", p)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
