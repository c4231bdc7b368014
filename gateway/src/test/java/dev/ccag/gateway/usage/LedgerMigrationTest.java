package dev.ccag.gateway.usage;

import static dev.ccag.gateway.usage.UsageRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** V50 on a ledger that has data: the rollups move to rows per team as they were, the scope indexes go. */
class LedgerMigrationTest {
    private static final Instant HOUR = Instant.parse("2026-03-01T10:00:00Z");

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void rollupsKeepTheirTotalsAndTheWriterAddsToThemByTeamAfterwards(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind, "40")) {
            var jdbc = db.jdbc();
            jdbc.sql("""
                    insert into usage_hourly (bucket, key_id, model, user_id, team_id, requests, errors, input_tokens, output_tokens,
                      cache_read_tokens, cache_write_tokens, web_search_requests, cost_micros)
                    values (?, 'key-a', 'claude-sonnet-4-6', 'alice', 'red', 3, 1, 30, 3, 0, 0, 0, 300),
                           (?, 'key-s', 'claude-sonnet-4-6', null, null, 1, 0, 7, 7, 0, 0, 0, 7)""")
                    .params(UsageStore.utc(HOUR), UsageStore.utc(HOUR)).update();
            jdbc.sql("""
                    insert into usage_daily (bucket, key_id, model, user_id, team_id, requests, errors, input_tokens, output_tokens,
                      cache_read_tokens, cache_write_tokens, web_search_requests, cost_micros)
                    values (?, 'key-a', 'claude-sonnet-4-6', 'alice', 'red', 3, 1, 30, 3, 0, 0, 0, 300)""")
                    .params(UsageStore.utc(HOUR.minusSeconds(36_000))).update();
            assertThat(indexes(db)).contains("usage_records_user_time_idx", "usage_records_team_time_idx", "usage_records_key_time_idx");

            TestDatabases.migrate(db);

            assertThat(indexes(db)).doesNotContain("usage_records_user_time_idx", "usage_records_team_time_idx", "usage_records_key_time_idx")
                    .contains("usage_records_time_idx", "usage_hourly_user_idx", "usage_hourly_team_idx", "usage_hourly_key_idx",
                            "usage_daily_model_idx");
            assertThat(jdbc.sql("select team_key, requests, cost_micros from usage_hourly order by key_id")
                    .query((rs, i) -> rs.getString(1) + ":" + rs.getLong(2) + ":" + rs.getLong(3)).list())
                    .containsExactly("red:3:300", "-:1:7");
            assertThat(db.count("select count(*) from usage_daily where team_key = 'red' and requests = 3")).isEqualTo(1);

            // the writer adds to the row of the records' team, and starts a row for a new one
            db.store().write(List.of(
                    record("n1", HOUR.plusSeconds(60), "key-a", "alice", "red", "claude-sonnet-4-6", 200, 10, 1, 100),
                    record("n2", HOUR.plusSeconds(120), "key-a", "alice", "blue", "claude-sonnet-4-6", 200, 10, 1, 100)));
            assertThat(jdbc.sql("select team_id, requests from usage_hourly where key_id = 'key-a' order by team_key")
                    .query((rs, i) -> rs.getString(1) + ":" + rs.getLong(2)).list())
                    .containsExactly("blue:1", "red:4");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void v60DropsTheRequestIdKeyAndAnOldSpoolsReplayAfterTheUpgradeStoresNothingTwice(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind, "50")) {
            List<UsageRecord> before = List.of(
                    record("old-1", HOUR.plusSeconds(1), "key-a", "alice", "red", "claude-sonnet-4-6", 200, 10, 1, 100),
                    record("old-2", HOUR.plusSeconds(2), "key-a", "alice", "red", "claude-sonnet-4-6", 200, 10, 1, 100));
            db.store().write(before);
            assertThat(primaryKey(db)).containsExactly("request_id");

            TestDatabases.migrate(db);

            assertThat(primaryKey(db)).isEmpty();
            assertThat(indexes(db)).contains("usage_records_time_idx");
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(2);
            // the old gateway stored them and died before its checkpoint moved; the new one replays them
            // with one more, from a spool the database has no position for yet
            List<UsageRecord> replay = List.of(before.get(0), before.get(1),
                    record("new-1", HOUR.plusSeconds(3), "key-a", "alice", "red", "claude-sonnet-4-6", 200, 10, 1, 100));
            UsageStore.Stored stored = db.store().write("spool-1", new UsageSpool.Position(4, 0), new UsageSpool.Position(4, 300), replay);
            assertThat(stored.records()).extracting(UsageRecord::requestId).containsExactly("new-1");
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(3);
            assertThat(db.count("select requests from usage_hourly where key_id = 'key-a'")).isEqualTo(3);
        }
    }

    private static List<String> primaryKey(TestDatabases.Db db) throws java.sql.SQLException {
        try (var c = db.dataSource.getConnection();
                var rs = c.getMetaData().getPrimaryKeys(c.getCatalog(), c.getSchema(), "usage_records")) {
            List<String> columns = new java.util.ArrayList<>();
            while (rs.next()) columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            return columns;
        }
    }

    private static List<String> indexes(TestDatabases.Db db) {
        String sql = db.kind.equals("postgresql")
                ? "select indexname from pg_indexes where schemaname = current_schema()"
                : "select index_name from information_schema.indexes where table_schema = 'public'";
        return db.jdbc().sql(sql).query((rs, i) -> rs.getString(1).toLowerCase(Locale.ROOT)).list();
    }
}
