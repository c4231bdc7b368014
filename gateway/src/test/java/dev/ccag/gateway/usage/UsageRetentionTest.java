package dev.ccag.gateway.usage;

import static dev.ccag.gateway.usage.UsageRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UsageRetentionTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void dropsOldRawRecordsInBatchesAndKeepsTheRollups(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            List<UsageRecord> records = new ArrayList<>();
            for (int i = 0; i < 12_000; i++) { // more than two delete batches of old records
                records.add(record("old_" + i, NOW.minus(Duration.ofDays(91)).minusSeconds(i), "k", "u", null, "claude-sonnet-4-6", 200, 1, 1, 1));
            }
            for (int i = 0; i < 50; i++) {
                records.add(record("new_" + i, NOW.minus(Duration.ofDays(89)), "k", "u", null, "claude-sonnet-4-6", 200, 1, 1, 1));
            }
            for (int from = 0; from < records.size(); from += 2000) {
                db.store().write(records.subList(from, Math.min(records.size(), from + 2000)));
            }
            long dailyBefore = db.count("select sum(requests) from usage_daily");

            UsageRetention retention = new UsageRetention(db.jdbc(), new JobLock(db.jdbc(), CLOCK, "replica-a"), CLOCK, Duration.ofDays(90));
            assertThat(retention.run()).isEqualTo(12_000);
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(50);
            assertThat(db.count("select count(*) from usage_records where request_id like 'new_%'")).isEqualTo(50);
            assertThat(db.count("select sum(requests) from usage_daily")).isEqualTo(dailyBefore).isEqualTo(12_050);
            assertThat(retention.run()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void oneReplicaAtATime(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            JobLock a = new JobLock(db.jdbc(), CLOCK, "replica-a");
            JobLock b = new JobLock(db.jdbc(), CLOCK, "replica-b");
            assertThat(a.tryAcquire(UsageRetention.JOB, Duration.ofMinutes(30))).isTrue();
            assertThat(b.tryAcquire(UsageRetention.JOB, Duration.ofMinutes(30))).isFalse();
            UsageRetention byB = new UsageRetention(db.jdbc(), b, CLOCK, Duration.ofDays(90));
            assertThat(byB.run()).isEqualTo(-1);
            // an expired lease (its holder died) can be taken over
            JobLock later = new JobLock(db.jdbc(), Clock.offset(CLOCK, Duration.ofMinutes(31)), "replica-b");
            assertThat(later.tryAcquire(UsageRetention.JOB, Duration.ofMinutes(30))).isTrue();
            a.release(UsageRetention.JOB); // not a's any more: no effect
            assertThat(a.tryAcquire(UsageRetention.JOB, Duration.ofMinutes(30))).isFalse();
        }
    }
}
