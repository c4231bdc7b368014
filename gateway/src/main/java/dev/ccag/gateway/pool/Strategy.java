package dev.ccag.gateway.pool;

import java.util.Locale;

/**
 * How a request's endpoint is chosen among the healthy primary endpoints that serve its model.
 * Every strategy keeps fallback-tier endpoints for failover only.
 */
public enum Strategy {
    /** Rendezvous hashing of the user: each user stays on one endpoint, so the prompt cache stays warm. */
    STICKY("sticky"),
    /** Everything to the first endpoint in order (tier, weight descending, name); the rest in that order on failure. */
    PRIMARY_FALLBACK("primary-fallback"),
    /** Spread by weight, interleaved (smooth weighted round robin). */
    WEIGHTED_ROUND_ROBIN("weighted-round-robin");

    private final String wire;

    Strategy(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Strategy parse(String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Strategy s : values()) {
                if (s.wire.equals(v)) return s;
            }
        }
        throw new IllegalArgumentException("must be sticky, primary-fallback or weighted-round-robin");
    }
}
