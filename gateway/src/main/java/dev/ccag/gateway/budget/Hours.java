package dev.ccag.gateway.budget;

import java.time.Instant;

/** Hour arithmetic on instants (UTC hours, as the rollup buckets are). */
final class Hours {
    private static final long HOUR = 3_600;

    private Hours() {}

    static Instant floor(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), HOUR) * HOUR);
    }

    static Instant ceil(Instant t) {
        Instant f = floor(t);
        return f.equals(t) ? t : f.plusSeconds(HOUR);
    }
}
