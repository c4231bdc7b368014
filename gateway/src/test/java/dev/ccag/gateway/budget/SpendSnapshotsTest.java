package dev.ccag.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.usage.TestDatabases;
import dev.ccag.gateway.usage.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stored spend of a period, summed from the ledger on H2 and PostgreSQL: whole hours from the rollup,
 * the partial first hour of a period in a :30 zone from the raw records, nothing from before the period.
 */
class SpendSnapshotsTest {

    private static UsageRecord record(String id, Instant at, String key, String user, String team, long cost) {
        return new UsageRecord(id, at, key, user, team, "claude-sonnet-4-5", "claude-sonnet-4-5", "m", "e", 200, false, false,
                10, 10, 0, 0, 0, 0, cost, "{}", 5, 5, null, null);
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void aDailyPeriodInKolkataStartsAtHalfPastTheUtcHour(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            ZoneId kolkata = ZoneId.of("Asia/Kolkata");
            // 2026-03-10 in Kolkata: 2026-03-09T18:30Z .. 2026-03-10T18:30Z
            Instant now = Instant.parse("2026-03-10T09:10:00Z");
            BudgetPeriod.Window day = BudgetPeriod.DAILY.windowAt(now, kolkata);
            assertThat(day.start()).isEqualTo(Instant.parse("2026-03-09T18:30:00Z"));
            db.store().write(List.of(
                    record("before", Instant.parse("2026-03-09T18:29:59Z"), "k1", "u1", "t1", 1_000),     // yesterday there
                    record("first-half-hour", Instant.parse("2026-03-09T18:30:00Z"), "k1", "u1", "t1", 20), // same UTC hour, today there
                    record("late-in-hour", Instant.parse("2026-03-09T18:59:59Z"), "k2", "u1", null, 300),
                    record("whole-hours", Instant.parse("2026-03-10T03:00:00Z"), "k1", "u1", "t1", 4_000),
                    record("this-hour", Instant.parse("2026-03-10T09:05:00Z"), "k3", "u2", "t1", 50_000)));
            SpendSnapshots snapshots = new SpendSnapshots(new SpendQueries(db.jdbc()), Duration.ofMinutes(1));
            BudgetPeriod.Window utcDay = BudgetPeriod.DAILY.windowAt(now, ZoneId.of("UTC"));
            SpendSnapshots.Snapshot s = snapshots.take(now, List.of(day, utcDay));

            assertThat(s.spend(day, "k:k1")).isEqualTo(20 + 4_000);
            assertThat(s.spend(day, "u:u1")).isEqualTo(20 + 300 + 4_000);
            assertThat(s.spend(day, "t:t1")).isEqualTo(20 + 4_000 + 50_000);
            assertThat(s.spend(day, "k:k3")).isEqualTo(50_000);
            assertThat(s.spend(day, "*")).isEqualTo(20 + 300 + 4_000 + 50_000);
            // the UTC day began at midnight: everything on 2026-03-10 UTC, nothing of the 9th
            assertThat(s.spend(utcDay, "*")).isEqualTo(4_000 + 50_000);
            assertThat(s.spend(utcDay, "k:nobody")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void aPeriodThatStartsInsideTheCurrentHourCountsOnlyFromItsStart(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            // Nepal is UTC+5:45: its day starts at 18:15Z; "now" is 18:40Z, in the same UTC hour
            ZoneId nepal = ZoneId.of("Asia/Kathmandu");
            Instant now = Instant.parse("2026-05-01T18:40:00Z");
            BudgetPeriod.Window day = BudgetPeriod.DAILY.windowAt(now, nepal);
            assertThat(day.start()).isEqualTo(Instant.parse("2026-05-01T18:15:00Z"));
            db.store().write(List.of(
                    record("a", Instant.parse("2026-05-01T18:14:00Z"), "k1", null, null, 7),
                    record("b", Instant.parse("2026-05-01T18:16:00Z"), "k1", null, null, 11)));
            SpendSnapshots.Snapshot s = new SpendSnapshots(new SpendQueries(db.jdbc()), Duration.ofMinutes(1)).take(now, List.of(day));
            assertThat(s.spend(day, "k:k1")).isEqualTo(11);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void closedHoursAreSummedAgainWhenTheHourChangesAndAreOtherwiseReused(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            Instant now = Instant.parse("2026-07-15T10:20:00Z");
            BudgetPeriod.Window month = BudgetPeriod.MONTHLY.windowAt(now, ZoneId.of("UTC"));
            SpendSnapshots snapshots = new SpendSnapshots(new SpendQueries(db.jdbc()), Duration.ofHours(1));
            db.store().write(List.of(record("old", Instant.parse("2026-07-02T00:00:00Z"), "k", null, null, 100)));
            assertThat(snapshots.take(now, List.of(month)).spend(month, "k:k")).isEqualTo(100);

            // a late record of an earlier hour: not seen while the closed hours are reused ...
            db.store().write(List.of(record("late", Instant.parse("2026-07-15T09:59:00Z"), "k", null, null, 5)));
            SpendSnapshots.Snapshot same = snapshots.take(now.plusSeconds(1), List.of(month));
            assertThat(same.spend(month, "k:k")).isEqualTo(100);
            // ... so a record committed before that reuse is not treated as included for that hour
            assertThat(same.includesCommitAt(Instant.parse("2026-07-15T09:59:00Z"), System.nanoTime())).isFalse();
            // current-hour records are summed fresh on every snapshot
            db.store().write(List.of(record("now", Instant.parse("2026-07-15T10:10:00Z"), "k", null, null, 1)));
            assertThat(snapshots.take(now.plusSeconds(2), List.of(month)).spend(month, "k:k")).isEqualTo(101);

            // the next hour: the closed part is summed again and includes the late record
            Instant next = Instant.parse("2026-07-15T11:00:30Z");
            long committed = System.nanoTime();
            SpendSnapshots.Snapshot later = snapshots.take(next, List.of(month));
            assertThat(later.spend(month, "k:k")).isEqualTo(106);
            assertThat(later.includesCommitAt(Instant.parse("2026-07-15T09:59:00Z"), committed)).isTrue();
        }
    }
}
