package dev.ccag.gateway.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes the stored-spend snapshots the {@link BudgetTracker} enforces from. For a period starting
 * at S and the current UTC hour H, spend = [S, H) + [H, now). The current hour is summed on every
 * refresh (a handful of rollup rows); the closed hours [S, H) change only when late records arrive
 * (a long stream that began in the previous hour, another replica's spool catching up), so they are
 * summed again when the hour changes and otherwise every {@code closedMaxAge}. A period that starts
 * inside the current hour (a zone at :30 or :45 past UTC) is summed from the raw ledger.
 * Not thread-safe: the tracker calls it under its refresh lock.
 */
public final class SpendSnapshots {
    private static final Instant BEGINNING = Instant.EPOCH;
    private static final Duration HOUR = Duration.ofHours(1);

    private final SpendQueries queries;
    private final Duration closedMaxAge;
    private final Map<Instant, Part> closedByStart = new HashMap<>();

    /** Sums of one range, and when (System.nanoTime) the query that produced them began. */
    private record Part(Instant hour, Map<String, Long> spend, long startedNanos) {}

    public SpendSnapshots(SpendQueries queries, Duration closedMaxAge) {
        this.queries = queries;
        this.closedMaxAge = closedMaxAge;
    }

    public Snapshot take(Instant now, List<BudgetPeriod.Window> windows) {
        Instant hour = Hours.floor(now);
        Set<Instant> closedStarts = new HashSet<>();
        Set<Instant> insideStarts = new HashSet<>();
        for (BudgetPeriod.Window w : windows) {
            Instant start = start(w);
            (start.isAfter(hour) ? insideStarts : closedStarts).add(start);
        }
        Part current = null;
        if (!closedStarts.isEmpty()) {
            long began = System.nanoTime();
            current = new Part(hour, queries.hourly(hour, hour.plus(HOUR)), began);
        }
        closedByStart.keySet().retainAll(closedStarts);
        long oldestAllowed = System.nanoTime() - closedMaxAge.toNanos();
        for (Instant start : closedStarts) {
            Part part = closedByStart.get(start);
            if (part == null || !part.hour().equals(hour) || part.startedNanos() < oldestAllowed) {
                long began = System.nanoTime();
                closedByStart.put(start, new Part(hour, start.equals(hour) ? Map.of() : queries.between(start, hour), began));
            }
        }
        Map<Instant, Part> inside = new HashMap<>();
        for (Instant start : insideStarts) {
            long began = System.nanoTime();
            inside.put(start, new Part(hour, queries.raw(start, hour.plus(HOUR)), began));
        }
        return new Snapshot(hour, current, Map.copyOf(closedByStart), inside);
    }

    private static Instant start(BudgetPeriod.Window w) {
        return w.start() == null ? BEGINNING : w.start();
    }

    /** The stored spend as of one refresh. */
    public static final class Snapshot {
        private final Instant hour;
        private final Part current;
        private final Map<Instant, Part> closed;
        private final Map<Instant, Part> inside;
        private final long oldestClosed;
        private final long oldestFresh;

        Snapshot(Instant hour, Part current, Map<Instant, Part> closed, Map<Instant, Part> inside) {
            this.hour = hour;
            this.current = current;
            this.closed = closed;
            this.inside = inside;
            this.oldestClosed = closed.values().stream().mapToLong(Part::startedNanos).min().orElse(Long.MAX_VALUE);
            long fresh = inside.values().stream().mapToLong(Part::startedNanos).min().orElse(Long.MAX_VALUE);
            this.oldestFresh = current == null ? fresh : Math.min(fresh, current.startedNanos());
        }

        public long spend(BudgetPeriod.Window window, String counter) {
            Instant start = start(window);
            if (start.isAfter(hour)) {
                return inside.get(start).spend().getOrDefault(counter, 0L);
            }
            return closed.get(start).spend().getOrDefault(counter, 0L) + current.spend().getOrDefault(counter, 0L);
        }

        /**
         * Whether every part that could contain a record which occurred at {@code occurredAt} and was
         * committed at {@code committedNanos} was summed by a query that began after that commit.
         */
        public boolean includesCommitAt(Instant occurredAt, long committedNanos) {
            long oldest = occurredAt.isBefore(hour) ? oldestClosed : oldestFresh;
            return committedNanos < oldest;
        }
    }
}
