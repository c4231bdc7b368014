package dev.ccag.gateway.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Drops raw usage records older than the retention period; rollups are kept. Deletes in small
 * batches selected through the time index, so no long lock or huge transaction; one replica at a
 * time (a {@link JobLock} lease).
 */
public final class UsageRetention {
    private static final Logger log = LoggerFactory.getLogger(UsageRetention.class);
    static final String JOB = "usage-retention";
    private static final int BATCH = 5000;

    private final JdbcClient jdbc;
    private final JobLock lock;
    private final Clock clock;
    private final Duration retention;

    public UsageRetention(JdbcClient jdbc, JobLock lock, Clock clock, Duration retention) {
        this.jdbc = jdbc;
        this.lock = lock;
        this.clock = clock;
        this.retention = retention;
    }

    /** Runs once if this replica gets the lease; returns the number of records deleted (-1: another replica runs it). */
    public long run() {
        if (!lock.tryAcquire(JOB, Duration.ofMinutes(30))) {
            return -1;
        }
        try {
            long deleted = purgeBefore(clock.instant().minus(retention));
            if (deleted > 0) log.info("usage retention: deleted {} records older than {} days", deleted, retention.toDays());
            return deleted;
        } finally {
            lock.release(JOB);
        }
    }

    long purgeBefore(Instant cutoff) {
        OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
        long total = 0;
        while (true) {
            // Records have no key to pick a batch by (decision 0016): find the time of the batch's
            // last record through the time index and delete up to it (a few more when times tie).
            Optional<OffsetDateTime> upTo = jdbc.sql("select occurred_at from usage_records where occurred_at < ?"
                            + " order by occurred_at limit 1 offset " + (BATCH - 1))
                    .param(before).query(OffsetDateTime.class).optional();
            if (upTo.isEmpty()) {
                return total + jdbc.sql("delete from usage_records where occurred_at < ?").param(before).update();
            }
            total += jdbc.sql("delete from usage_records where occurred_at <= ?").param(upTo.get()).update();
        }
    }
}
