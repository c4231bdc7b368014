package dev.ccag.gateway.pool;

import java.util.Locale;

/** Primary endpoints take the traffic; fallback endpoints only what no primary can serve. */
public enum Tier {
    PRIMARY, FALLBACK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Tier parse(String value) {
        if (value == null || value.isBlank()) return PRIMARY;
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "primary" -> PRIMARY;
            case "fallback" -> FALLBACK;
            default -> throw new IllegalArgumentException("must be primary or fallback");
        };
    }
}
