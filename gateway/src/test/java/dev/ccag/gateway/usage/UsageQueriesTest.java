package dev.ccag.gateway.usage;

import static dev.ccag.gateway.usage.UsageRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UsageQueriesTest {
    private static final Instant DAY1 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant DAY3 = Instant.parse("2026-03-03T00:00:00Z");

    private static void seed(TestDatabases.Db db) {
        db.store().write(List.of(
                record("r1", DAY1.plusSeconds(3600), "key-a", "alice", "red", "claude-sonnet-4-6", 200, 100, 10, 1000),
                record("r2", DAY1.plusSeconds(7200), "key-a", "alice", "red", "claude-opus-4-7", 200, 200, 20, 5000),
                record("r3", DAY2.plusSeconds(3600), "key-b", "bob", "red", "claude-sonnet-4-6", 500, 0, 0, 0),
                record("r4", DAY2.plusSeconds(5400), "key-c", "carol", "blue", "claude-sonnet-4-6", 200, 50, 5, 300),
                record("r5", DAY2.plusSeconds(5400), "key-s", null, null, "claude-haiku-4-5-20251001", 200, 7, 7, 7)));
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void totalsByEachDimension(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            seed(db);
            UsageQueries q = new UsageQueries(db.jdbc());
            UsageFilter all = new UsageFilter(DAY1, DAY3, null, null, null, null);

            var byUser = q.totals(UsageQueries.GroupBy.USER, all, UsageScope.all());
            assertThat(byUser.granularity()).isEqualTo("day");
            assertThat(byUser.data()).extracting(UsageTotals::group).containsExactly("alice", "bob", "carol", null);
            assertThat(byUser.data().getFirst().requests()).isEqualTo(2);
            assertThat(byUser.data().getFirst().costMicros()).isEqualTo(6000);
            assertThat(byUser.data().getFirst().costUsd()).isEqualTo("0.006000");

            var byTeam = q.totals(UsageQueries.GroupBy.TEAM, all, UsageScope.all()).data();
            assertThat(byTeam).extracting(UsageTotals::group, UsageTotals::requests, UsageTotals::errors)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("blue", 1L, 0L), org.assertj.core.groups.Tuple.tuple("red", 3L, 1L),
                            org.assertj.core.groups.Tuple.tuple(null, 1L, 0L));

            assertThat(q.totals(UsageQueries.GroupBy.KEY, all, UsageScope.all()).data()).extracting(UsageTotals::group)
                    .containsExactly("key-a", "key-b", "key-c", "key-s");
            assertThat(q.totals(UsageQueries.GroupBy.MODEL, all, UsageScope.all()).data())
                    .extracting(UsageTotals::group, UsageTotals::requests)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("claude-haiku-4-5-20251001", 1L),
                            org.assertj.core.groups.Tuple.tuple("claude-opus-4-7", 1L), org.assertj.core.groups.Tuple.tuple("claude-sonnet-4-6", 3L));
            assertThat(q.totals(UsageQueries.GroupBy.DAY, all, UsageScope.all()).data())
                    .extracting(UsageTotals::group, UsageTotals::inputTokens)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-03-01", 300L), org.assertj.core.groups.Tuple.tuple("2026-03-02", 57L));

            // filters and a range that is not whole days: read from the hourly rollup
            var model = q.totals(UsageQueries.GroupBy.USER, new UsageFilter(DAY1, DAY1.plusSeconds(5400), null, "red", null, "claude-sonnet-4-6"),
                    UsageScope.all());
            assertThat(model.granularity()).isEqualTo("hour");
            assertThat(model.data()).extracting(UsageTotals::group, UsageTotals::requests)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", 1L));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void scopesLimitWhatIsVisible(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            seed(db);
            UsageQueries q = new UsageQueries(db.jdbc());
            UsageFilter all = new UsageFilter(DAY1, DAY3, null, null, null, null);
            // a member sees their own usage only
            assertThat(q.totals(UsageQueries.GroupBy.USER, all, UsageScope.ownAndTeams("carol", Set.of())).data())
                    .extracting(UsageTotals::group).containsExactly("carol");
            // a team admin of red sees red's usage and their own (carol, in blue)
            assertThat(q.totals(UsageQueries.GroupBy.USER, all, UsageScope.ownAndTeams("carol", Set.of("red"))).data())
                    .extracting(UsageTotals::group).containsExactly("alice", "bob", "carol");
            assertThat(q.records(all, UsageScope.ownAndTeams("bob", Set.of()), null, 100))
                    .extracting(UsageRecord::requestId).containsExactly("r3");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void recordsPageNewestFirstWithAKeysetCursor(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            seed(db);
            UsageQueries q = new UsageQueries(db.jdbc());
            UsageFilter all = new UsageFilter(DAY1, DAY3, null, null, null, null);
            List<String> seen = new ArrayList<>();
            UsageQueries.RecordCursor cursor = null;
            while (true) {
                List<UsageRecord> page = q.records(all, UsageScope.all(), cursor, 2);
                if (page.isEmpty()) break;
                page.forEach(r -> seen.add(r.requestId()));
                UsageRecord last = page.getLast();
                cursor = UsageQueries.RecordCursor.decode(new UsageQueries.RecordCursor(last.occurredAt(), last.requestId()).encode());
            }
            // r4 and r5 share a timestamp: the request id breaks the tie, nothing is skipped or repeated
            assertThat(seen).containsExactly("r5", "r4", "r3", "r2", "r1");
            List<String> exported = new ArrayList<>();
            q.eachRecord(all, UsageScope.all(), r -> exported.add(r.requestId()));
            assertThat(exported).containsExactly("r1", "r2", "r3", "r4", "r5");
        }
    }
}
