package dev.ccag.gateway.pool;

import java.time.Duration;

/**
 * When an endpoint cools down and how it earns trust back.
 *
 * @param window           rolling window over which attempts and failures are counted
 * @param failureThreshold failures (throttling, 5xx, timeouts, connection errors) in a row that trip it; or within the
 *                         window, when they are also ...
 * @param failureRate      ... at least this share of its attempts in the window (0..1)
 * @param cooldown         first cool-down; each failed probe doubles it
 * @param maxCooldown      longest cool-down
 * @param probeInterval    while probing, at most one request per interval is sent to it as a test
 * @param probeSuccesses   successful calls in a row that make a probing endpoint healthy again
 */
public record HealthSettings(Duration window, int failureThreshold, double failureRate, Duration cooldown, Duration maxCooldown,
                             Duration probeInterval, int probeSuccesses) {
    public HealthSettings {
        if (window.toMillis() < 100) throw new IllegalArgumentException("ccag.pool.health.window: at least 100ms");
        if (failureThreshold < 1) throw new IllegalArgumentException("ccag.pool.health.failure-threshold: at least 1");
        if (failureRate <= 0 || failureRate > 1) throw new IllegalArgumentException("ccag.pool.health.failure-rate: above 0 and at most 1");
        if (cooldown.toMillis() < 1) throw new IllegalArgumentException("ccag.pool.health.cooldown: at least 1ms");
        if (maxCooldown.compareTo(cooldown) < 0) throw new IllegalArgumentException("ccag.pool.health.max-cooldown: at least the cooldown");
        if (probeInterval.isNegative()) throw new IllegalArgumentException("ccag.pool.health.probe-interval: not negative");
        if (probeSuccesses < 1) throw new IllegalArgumentException("ccag.pool.health.probe-successes: at least 1");
    }

    public static HealthSettings defaults() {
        return new HealthSettings(Duration.ofSeconds(30), 5, 0.5, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(1), 3);
    }
}
