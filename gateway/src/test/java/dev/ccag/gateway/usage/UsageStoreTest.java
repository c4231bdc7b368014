package dev.ccag.gateway.usage;

import static dev.ccag.gateway.usage.UsageRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UsageStoreTest {
    private static final Instant T = Instant.parse("2026-03-01T10:15:00Z");

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
    void replayedRecordsAreStoredOnceAndCountedOnceInTheRollups(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            UsageStore store = db.store();
            List<UsageRecord> batch = List.of(
                    record("req_1", T, "key-a", "user-1", "team-1", "claude-sonnet-4-6", 200, 100, 10, 1000),
                    record("req_2", T.plusSeconds(60), "key-a", "user-1", "team-1", "claude-sonnet-4-6", 500, 0, 0, 0),
                    record("req_3", T.plusSeconds(3600), "key-a", "user-1", "team-1", "claude-sonnet-4-6", 200, 50, 5, 500),
                    record("req_4", T, "key-b", "user-2", null, "claude-opus-4-7", 200, 7, 3, 300));
            assertThat(store.write(batch)).isEqualTo(4);
            // a crash after the commit but before the checkpoint: the same batch again, plus one new record
            List<UsageRecord> replay = new java.util.ArrayList<>(batch);
            replay.add(record("req_5", T.plusSeconds(120), "key-a", "user-1", "team-1", "claude-sonnet-4-6", 200, 1, 1, 10));
            assertThat(store.write(replay)).isEqualTo(1);

            assertThat(db.count("select count(*) from usage_records")).isEqualTo(5);
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
}
