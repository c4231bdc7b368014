package dev.ccag.gateway.usage;

import static dev.ccag.gateway.usage.UsageRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

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
                    .containsExactly(tuple("blue", 1L, 0L), tuple("red", 3L, 1L),
                            tuple(null, 1L, 0L));

            assertThat(q.totals(UsageQueries.GroupBy.KEY, all, UsageScope.all()).data()).extracting(UsageTotals::group)
                    .containsExactly("key-a", "key-b", "key-c", "key-s");
            assertThat(q.totals(UsageQueries.GroupBy.MODEL, all, UsageScope.all()).data())
                    .extracting(UsageTotals::group, UsageTotals::requests)
                    .containsExactly(tuple("claude-haiku-4-5-20251001", 1L),
                            tuple("claude-opus-4-7", 1L), tuple("claude-sonnet-4-6", 3L));
            assertThat(q.totals(UsageQueries.GroupBy.DAY, all, UsageScope.all()).data())
                    .extracting(UsageTotals::group, UsageTotals::inputTokens)
                    .containsExactly(tuple("2026-03-01", 300L), tuple("2026-03-02", 57L));

            // filters and a range that is not whole days: read from the hourly rollup
            var model = q.totals(UsageQueries.GroupBy.USER, new UsageFilter(DAY1, DAY1.plusSeconds(5400), null, "red", null, "claude-sonnet-4-6"),
                    UsageScope.all());
            assertThat(model.granularity()).isEqualTo("hour");
            assertThat(model.data()).extracting(UsageTotals::group, UsageTotals::requests)
                    .containsExactly(tuple("alice", 1L));
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

    /** A record like {@link UsageRecords#record} whose model Bedrock never named (the rollup counts it under the model asked for). */
    private static UsageRecord withoutModel(String id, Instant at, String key, String user, String team, String asked) {
        UsageRecord r = record(id, at, key, user, team, asked, 500, 0, 0, 0);
        return new UsageRecord(r.requestId(), r.occurredAt(), r.keyId(), r.userId(), r.teamId(), asked, null, null, r.endpoint(),
                r.status(), r.streaming(), r.clientAborted(), 0, 0, 0, 0, 0, 0, 0, r.priceJson(), r.latencyMs(), r.ttfbMs(),
                r.sessionId(), r.agentId());
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void filteredListingsReadEveryMatchingRecordAcrossScatteredHoursAndPages(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            // dave's records in four separate hours over two days, mixed with others' in every hour
            List<UsageRecord> all = new ArrayList<>();
            List<String> daves = new ArrayList<>();
            int n = 0;
            for (int hour : new int[] {1, 2, 7, 30}) {
                for (int i = 0; i < 5; i++) {
                    Instant at = DAY1.plusSeconds(hour * 3600L + i * 600L + 17);
                    String id = "d" + (n++);
                    all.add(record(id, at, "key-d", "dave", "green", "claude-sonnet-4-6", 200, 1, 1, 1));
                    daves.add(id);
                    all.add(record("o" + n, at, "key-o", "olga", "grey", "claude-sonnet-4-6", 200, 1, 1, 1));
                }
            }
            // two of dave's at the same instant: the cursor's tie-break must hold inside an hour, across a page boundary
            Instant tie = DAY1.plusSeconds(7 * 3600L + 1800);
            all.add(record("dz1", tie, "key-d", "dave", "green", "claude-sonnet-4-6", 200, 1, 1, 1));
            all.add(record("dz2", tie, "key-d", "dave", "green", "claude-sonnet-4-6", 200, 1, 1, 1));
            daves.add("dz1");
            daves.add("dz2");
            db.store().write(all);
            UsageQueries q = new UsageQueries(db.jdbc());
            UsageFilter range = new UsageFilter(DAY1.plusSeconds(1800), DAY3, "dave", null, null, null); // starts inside an hour
            assertThat(q.activeHours(range, UsageScope.all())).hasSize(3); // hours 1-2, 7, 30: runs of consecutive hours

            List<String> expected = all.stream().filter(r -> "dave".equals(r.userId()))
                    .sorted(java.util.Comparator.comparing(UsageRecord::occurredAt).thenComparing(UsageRecord::requestId).reversed())
                    .map(UsageRecord::requestId).toList();
            for (int pageSize : new int[] {1, 3, 7, 100}) {
                List<String> seen = new ArrayList<>();
                UsageQueries.RecordCursor cursor = null;
                while (true) {
                    List<UsageRecord> page = q.records(range, UsageScope.all(), cursor, pageSize);
                    assertThat(page.size()).isLessThanOrEqualTo(pageSize);
                    if (page.isEmpty()) break;
                    page.forEach(r -> seen.add(r.requestId()));
                    cursor = new UsageQueries.RecordCursor(page.getLast().occurredAt(), page.getLast().requestId());
                }
                assertThat(seen).as("pages of " + pageSize).containsExactlyElementsOf(expected);
            }
            // the same through a member's own scope, and the export oldest first
            assertThat(q.records(new UsageFilter(DAY1, DAY3, null, null, null, null), UsageScope.ownAndTeams("dave", Set.of()), null, 100))
                    .extracting(UsageRecord::requestId).containsExactlyElementsOf(expected);
            List<String> exported = new ArrayList<>();
            q.eachRecord(range, UsageScope.all(), r -> exported.add(r.requestId()));
            assertThat(exported).containsExactlyElementsOf(expected.reversed());
            // an hour with no record of dave's in range: nothing, and no query of the raw records for it
            assertThat(q.records(new UsageFilter(DAY1.plusSeconds(3 * 3600), DAY1.plusSeconds(6 * 3600), "dave", null, null, null),
                    UsageScope.all(), null, 100)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void aUserWhoChangesTeamsWithinAnHourCountsForEachTeamWithTheRecordsMadeForIt(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            Instant hour = DAY1.plusSeconds(10 * 3600);
            db.store().write(List.of(
                    record("t1", hour.plusSeconds(60), "key-e", "erin", "red", "claude-sonnet-4-6", 200, 10, 1, 100),
                    record("t2", hour.plusSeconds(120), "key-e", "erin", "red", "claude-sonnet-4-6", 200, 10, 1, 100)));
            db.store().write(List.of( // erin moved to blue at :30, same key, same model, same hour
                    record("t3", hour.plusSeconds(1900), "key-e", "erin", "blue", "claude-sonnet-4-6", 200, 10, 1, 100)));
            UsageQueries q = new UsageQueries(db.jdbc());
            UsageFilter range = new UsageFilter(hour, hour.plusSeconds(3600), null, null, null, null);
            assertThat(q.totals(UsageQueries.GroupBy.TEAM, range, UsageScope.all()).data())
                    .extracting(UsageTotals::group, UsageTotals::requests)
                    .containsExactly(tuple("blue", 1L), tuple("red", 2L));
            assertThat(q.records(new UsageFilter(hour, hour.plusSeconds(3600), null, "red", null, null), UsageScope.all(), null, 100))
                    .extracting(UsageRecord::requestId).containsExactly("t2", "t1");
            assertThat(q.records(range, UsageScope.ownAndTeams("someone", Set.of("blue")), null, 100))
                    .extracting(UsageRecord::requestId).containsExactly("t3");
            // the daily rollup keeps them apart too
            UsageFilter day = new UsageFilter(DAY1, DAY2, null, null, null, null);
            assertThat(q.totals(UsageQueries.GroupBy.TEAM, day, UsageScope.all()).data())
                    .extracting(UsageTotals::group, UsageTotals::requests)
                    .containsExactly(tuple("blue", 1L), tuple("red", 2L));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void aModelFilterListsOnlyRecordsOfThatModelEvenWhereTheRollupCountsOthersUnderIt(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            Instant hour = DAY1.plusSeconds(5 * 3600);
            db.store().write(List.of(
                    record("m1", hour.plusSeconds(10), "key-f", "fay", null, "claude-opus-4-7", 200, 1, 1, 1),
                    withoutModel("m2", hour.plusSeconds(20), "key-f", "fay", null, "claude-opus-4-7"),
                    record("m3", hour.plusSeconds(4000), "key-f", "fay", null, "claude-sonnet-4-6", 200, 1, 1, 1)));
            UsageQueries q = new UsageQueries(db.jdbc());
            UsageFilter opus = new UsageFilter(DAY1, DAY2, null, null, null, "claude-opus-4-7");
            assertThat(q.records(opus, UsageScope.all(), null, 100)).extracting(UsageRecord::requestId).containsExactly("m1");
        }
    }
}
