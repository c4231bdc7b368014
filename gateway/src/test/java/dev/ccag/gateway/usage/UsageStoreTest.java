package dev.ccag.gateway.usage;

import static dev.ccag.gateway.usage.UsageRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UsageStoreTest {
    private static final Instant T = Instant.parse("2026-03-01T10:15:00Z");
    /** One record more than {@link #batch()}: what arrived after it. */
    private static final UsageRecord REQ_5 = record("req_5", T.plusSeconds(120), "key-a", "user-1", "team-1", "claude-sonnet-4-6", 200, 1, 1, 10);

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void storesEveryColumn(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            UsageRecord r = new UsageRecord("req_all", Instant.parse("2026-03-01T10:15:30.123456Z"), "key-1", "user-1", "team-1",
                    "sonnet", "claude-sonnet-4-6", "us.anthropic.claude-sonnet-4-6", "emulator", 200, true, true,
                    11, 22, 33, 44, 55, 2, 777, "{\"source\":\"list\"}", 1234, 56, "sess-1", "agent-7");
            assertThat(db.store().write(List.of(r))).isEqualTo(1);
            UsageRecord back = db.jdbc().sql("select * from usage_records").query(UsageQueries::record).single();
            assertThat(back).isEqualTo(r);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void aBatchTheDatabaseHoldsAlreadyIsNotStoredAgainAndItsPositionIsReturned(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            UsageStore store = db.store();
            List<UsageRecord> batch = batch();
            UsageStore.Stored first = store.write("spool-a", at(1, 0), at(1, 400), batch);
            assertThat(first.records()).isEqualTo(batch);
            assertThat(first.position()).isEqualTo(at(1, 400));
            // a crash after the commit but before the spool's checkpoint moved: the batch again, and more behind it
            List<UsageRecord> longer = new ArrayList<>(batch);
            longer.add(REQ_5);
            UsageStore.Stored again = store.write("spool-a", at(1, 0), at(1, 500), longer);
            assertThat(again.records()).isEmpty();
            assertThat(again.position()).isEqualTo(at(1, 400));
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(4);
            // from the database's position on, the rest is stored
            UsageStore.Stored rest = store.write("spool-a", at(1, 400), at(1, 500), longer.subList(4, 5));
            assertThat(rest.records()).extracting(UsageRecord::requestId).containsExactly("req_5");
            assertThat(rest.position()).isEqualTo(at(1, 500));
            assertThat(db.count("select segment * 1000000 + byte_offset from usage_spool_positions where spool_id = 'spool-a'"))
                    .isEqualTo(1_000_500);
            assertRollupsOfTheFiveRecords(db);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void withoutAPositionForTheSpoolTheRecordsAlreadyHeldAreToldApartByRequestId(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            UsageStore store = db.store();
            // stored by a gateway from before positions (or one whose database lost its row), crash before the checkpoint
            assertThat(store.write(batch())).isEqualTo(4);
            List<UsageRecord> replay = new ArrayList<>(batch());
            replay.add(REQ_5);
            UsageStore.Stored stored = store.write("spool-new", at(7, 0), at(7, 900), replay);
            assertThat(stored.records()).extracting(UsageRecord::requestId).containsExactly("req_5");
            assertThat(stored.position()).isEqualTo(at(7, 900));
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(5);
            assertRollupsOfTheFiveRecords(db);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void eachSpoolHasItsOwnPosition(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            UsageStore store = db.store();
            store.write("replica-1", at(3, 0), at(3, 100), List.of(small("r1_a", T)));
            // another replica's spool at the same place in its own files is a different spool
            UsageStore.Stored other = store.write("replica-2", at(3, 0), at(3, 100),
                    List.of(small("r2_a", T)));
            assertThat(other.records()).hasSize(1);
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(2);
            assertThat(db.count("select count(*) from usage_spool_positions")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void aDatabaseBehindTheSpoolTakesTheBatchAndMovesToItsEnd(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            UsageStore store = db.store();
            store.write("spool-a", at(1, 0), at(1, 100), List.of(small("a", T)));
            // restored from a backup taken at 1:100 while the spool went on to 2:0
            UsageStore.Stored stored = store.write("spool-a", at(2, 0), at(2, 80),
                    List.of(small("b", T.plusSeconds(5))));
            assertThat(stored.records()).extracting(UsageRecord::requestId).containsExactly("b");
            assertThat(stored.position()).isEqualTo(at(2, 80));
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void aFailedBatchChangesNothingNotEvenThePosition(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            UsageStore store = db.store();
            UsageRecord tooLong = new UsageRecord("x".repeat(41), T, "k", "u", null, "m", "m", "b", "e", 200, false, false,
                    1, 1, 0, 0, 0, 0, 1, null, null, null, null, null);
            assertThatThrownBy(() -> store.write("spool-a", at(1, 0), at(1, 200),
                    List.of(small("ok", T), tooLong)))
                    .isInstanceOf(RuntimeException.class);
            assertThat(db.count("select count(*) from usage_records")).isZero();
            assertThat(db.count("select count(*) from usage_spool_positions")).isZero();
            assertThat(db.count("select count(*) from usage_hourly")).isZero();
        }
    }

    /** A one-token record of key k, as the position tests need many. */
    private static UsageRecord small(String id, Instant at) {
        return record(id, at, "k", "u", null, "claude-sonnet-4-6", 200, 1, 1, 1);
    }

    private static UsageSpool.Position at(long segment, long offset) {
        return new UsageSpool.Position(segment, offset);
    }

    private static List<UsageRecord> batch() {
        return List.of(
                record("req_1", T, "key-a", "user-1", "team-1", "claude-sonnet-4-6", 200, 100, 10, 1000),
                record("req_2", T.plusSeconds(60), "key-a", "user-1", "team-1", "claude-sonnet-4-6", 500, 0, 0, 0),
                record("req_3", T.plusSeconds(3600), "key-a", "user-1", "team-1", "claude-sonnet-4-6", 200, 50, 5, 500),
                record("req_4", T, "key-b", "user-2", null, "claude-opus-4-7", 200, 7, 3, 300));
    }

    /** The rollups of {@link #batch()} and req_5, each record counted once. */
    private static void assertRollupsOfTheFiveRecords(TestDatabases.Db db) {
        // hourly: key-a has two hours, key-b one
        Map<String, Object> tenOClock = db.jdbc().sql("""
                select requests, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
                       web_search_requests, cost_micros, user_id, team_id
                from usage_hourly where key_id = 'key-a' and bucket = ?""")
                .param(UsageStore.utc(Instant.parse("2026-03-01T10:00:00Z"))).query().singleRow();
        assertThat(tenOClock).containsEntry("requests", 3L).containsEntry("errors", 1L)
                .containsEntry("input_tokens", 101L).containsEntry("output_tokens", 11L)
                .containsEntry("cache_read_tokens", 9L).containsEntry("cache_write_tokens", 27L)
                .containsEntry("web_search_requests", 3L).containsEntry("cost_micros", 1010L)
                .containsEntry("user_id", "user-1").containsEntry("team_id", "team-1");
        assertThat(db.count("select count(*) from usage_hourly")).isEqualTo(3);
        // daily: everything on one day, one row per key and model
        assertThat(db.count("select count(*) from usage_daily")).isEqualTo(2);
        assertThat(db.count("select requests from usage_daily where key_id = 'key-a'")).isEqualTo(4);
        assertThat(db.count("select cost_micros from usage_daily where key_id = 'key-a'")).isEqualTo(1510);
        // rollups agree with the raw records
        assertThat(db.count("select sum(cost_micros) from usage_daily"))
                .isEqualTo(db.count("select sum(cost_micros) from usage_records"));
    }
}
