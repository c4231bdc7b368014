package dev.ccag.gateway.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A lease in {@code job_locks}: whoever updates the row while it is free (or already theirs) runs
 * the job until {@code locked_until}. One conditional UPDATE, so it works the same on PostgreSQL
 * and H2 and needs no session-bound advisory lock.
 */
public final class JobLock {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final String holder;

    public JobLock(JdbcClient jdbc, Clock clock, String holder) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.holder = holder;
    }

    public boolean tryAcquire(String job, Duration lease) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        return jdbc.sql("update job_locks set holder = ?, locked_until = ? where name = ? and (locked_until < ? or holder = ?)")
                .params(holder, now.plus(lease), job, now, holder)
                .update() == 1;
    }

    public void release(String job) {
        jdbc.sql("update job_locks set locked_until = ? where name = ? and holder = ?")
                .params(java.time.OffsetDateTime.parse("1970-01-01T00:00:00Z"), job, holder)
                .update();
    }
}
