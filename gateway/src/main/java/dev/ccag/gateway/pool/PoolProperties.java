package dev.ccag.gateway.pool;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ccag.pool.*}: how requests are spread over the endpoints of {@code ccag.bedrock.endpoints}
 * and the admin API's endpoint table.
 *
 * @param strategy        the deployment's routing strategy (teams and keys may override it)
 * @param maxAttempts     endpoints one Bedrock call may try before the client gets the error (the retry budget)
 * @param refreshInterval how often each replica checks the database for endpoint changes
 * @param secretsKey      base64 of 32 bytes that encrypts endpoint secrets in the database; unset: derived from the key pepper
 * @param retireAfter     how long replaced credentials stay open for requests that started before the change
 */
@ConfigurationProperties(prefix = "ccag.pool")
public record PoolProperties(
        @DefaultValue("sticky") String strategy,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("1s") Duration refreshInterval,
        String secretsKey,
        @DefaultValue("15m") Duration retireAfter,
        @DefaultValue Health health) {

    public record Health(
            @DefaultValue("30s") Duration window,
            @DefaultValue("5") int failureThreshold,
            @DefaultValue("0.5") double failureRate,
            @DefaultValue("10s") Duration cooldown,
            @DefaultValue("5m") Duration maxCooldown,
            @DefaultValue("1s") Duration probeInterval,
            @DefaultValue("3") int probeSuccesses) {

        HealthSettings settings() {
            return new HealthSettings(window, failureThreshold, failureRate, cooldown, maxCooldown, probeInterval, probeSuccesses);
        }
    }
}
