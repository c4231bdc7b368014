package dev.ccag.gateway.keys;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the in-memory key table follows the database. A revoked key must stop working on every replica
 * within 5 seconds: the refresh interval plus one query must stay well under that.
 */
@ConfigurationProperties(prefix = "ccag.keys")
public record KeyCacheProperties(
        /** Incremental refresh: keys and users changed since the last one. */
        @DefaultValue("500ms") Duration refreshInterval,
        /** Full reload, which also catches changes a late-committing transaction hid from the incremental query. */
        @DefaultValue("5m") Duration fullReloadInterval,
        /** How often batched last-used times are written (each key at most once a minute). */
        @DefaultValue("15s") Duration lastUsedFlushInterval) {

    public KeyCacheProperties {
        if (refreshInterval.isNegative() || refreshInterval.isZero() || refreshInterval.compareTo(Duration.ofSeconds(4)) > 0) {
            throw new IllegalArgumentException("ccag.keys.refresh-interval: must be between 1ms and 4s (revocations must apply within 5 s)");
        }
    }
}
