package dev.ccag.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a timed test: a benchmark of the analytics queries over 1,000,000 synthetic ledger records on
 * PostgreSQL (a month of traffic from 2,000 keys, 500 users, 50 teams, 5 models). Run with
 * {@code CCAG_TEST_POSTGRES_URL=... ./mvnw -B -pl gateway test -Dtest=AnalyticsBenchmark -Dccag.bench=true};
 * results go to docs/bench/analytics.md. The queries are {@link UsageQueries}' own, as the admin API runs them.
 */
@EnabledIfSystemProperty(named = "ccag.bench", matches = "true")
class AnalyticsBenchmark {
    private static final int RECORDS = Integer.getInteger("ccag.bench.records", 1_000_000);
    private static final Instant FROM = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-04T00:00:00Z");
    private static final int RUNS = 15;

    @Test
    void analyticsOverOneMillionRecords() throws Exception {
        try (TestDatabases.Db db = TestDatabases.create("postgresql")) {
            long t0 = System.nanoTime();
            load(db);
            long loadMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("%nloaded %,d records and their rollups in %,d ms (hourly rows %,d, daily rows %,d)%n", RECORDS, loadMillis,
                    db.count("select count(*) from usage_hourly"), db.count("select count(*) from usage_daily"));

            UsageQueries q = new UsageQueries(db.jdbc());
            UsageFilter month = new UsageFilter(FROM, TO, null, null, null, null);
            UsageScope all = UsageScope.all();
            List<String[]> results = new ArrayList<>();
            results.add(time("by user, month (admin)", () -> q.totals(UsageQueries.GroupBy.USER, month, all).data().size()));
            results.add(time("by team, month (admin)", () -> q.totals(UsageQueries.GroupBy.TEAM, month, all).data().size()));
            results.add(time("by key, month (admin)", () -> q.totals(UsageQueries.GroupBy.KEY, month, all).data().size()));
            results.add(time("by model, month (admin)", () -> q.totals(UsageQueries.GroupBy.MODEL, month, all).data().size()));
            results.add(time("by day, month (admin)", () -> q.totals(UsageQueries.GroupBy.DAY, month, all).data().size()));
            results.add(time("by user, one team (team admin)", () -> q.totals(UsageQueries.GroupBy.USER,
                    new UsageFilter(FROM, TO, null, "team-7", null, null), UsageScope.ownAndTeams("user-7", Set.of("team-7"))).data().size()));
            results.add(time("by day, one user (member)", () -> q.totals(UsageQueries.GroupBy.DAY,
                    new UsageFilter(FROM, TO, "user-42", null, null, null), UsageScope.ownAndTeams("user-42", Set.of())).data().size()));
            results.add(time("by model, one key", () -> q.totals(UsageQueries.GroupBy.MODEL,
                    new UsageFilter(FROM, TO, null, null, "key-1234", null), all).data().size()));
            results.add(time("by user, 36 h range (hourly rollup)", () -> q.totals(UsageQueries.GroupBy.USER,
                    new UsageFilter(Instant.parse("2026-02-10T06:00:00Z"), Instant.parse("2026-02-11T18:00:00Z"), null, null, null, null), all)
                    .data().size()));
            results.add(time("records page of 100, month (admin)", () -> q.records(month, all, null, 101).size()));
            results.add(time("records page of 100, one user (member)", () -> q.records(
                    new UsageFilter(FROM, TO, "user-42", null, null, null), UsageScope.ownAndTeams("user-42", Set.of()), null, 101).size()));
            results.add(time("records page of 100, one team (team admin)", () -> q.records(
                    new UsageFilter(FROM, TO, null, "team-7", null, null), UsageScope.ownAndTeams("user-7", Set.of("team-7")), null, 101).size()));
            results.add(time("records page of 100, one key", () -> q.records(
                    new UsageFilter(FROM, TO, null, null, "key-1234", null), all, null, 101).size()));
            results.add(time("records page of 100, one model", () -> q.records(
                    new UsageFilter(FROM, TO, null, null, null, "claude-opus-4-7"), all, null, 101).size()));
            results.add(time("records page of 100, one user, 10th page", () -> {
                UsageFilter user = new UsageFilter(FROM, TO, "user-42", null, null, null);
                UsageQueries.RecordCursor cursor = null;
                int rows = 0;
                for (int page = 0; page < 10; page++) {
                    List<UsageRecord> p = q.records(user, all, cursor, 100);
                    rows = p.size();
                    cursor = new UsageQueries.RecordCursor(p.getLast().occurredAt(), p.getLast().requestId());
                }
                return rows;
            }));
            results.add(time("export, one user, month (rows)", () -> {
                int[] rows = {0};
                q.eachRecord(new UsageFilter(FROM, TO, "user-42", null, null, null), all, r -> rows[0]++);
                return rows[0];
            }));

            System.out.println("\n| query | rows | median ms | p90 ms | max ms |\n|---|---|---|---|---|");
            for (String[] r : results) System.out.println("| " + String.join(" | ", r) + " |");

            // the writer's cost: batches of 500 through UsageStore (insert-if-absent + both rollups) on top of the million
            UsageStore store = db.store();
            int n = 50_000;
            List<UsageRecord> batch = new ArrayList<>(500);
            long w0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                batch.add(UsageRecords.record("w_" + i, TO.minusSeconds(i % 86_400), "key-" + (i % 2000), "user-" + (i % 500),
                        "team-" + (i % 50), "claude-sonnet-4-6", 200, 1000, 100, 5000));
                if (batch.size() == 500) {
                    store.write(batch);
                    batch.clear();
                }
            }
            long wMillis = (System.nanoTime() - w0) / 1_000_000;
            System.out.printf("%nwriter: %,d records in batches of 500 in %,d ms = %,d records/s%n", n, wMillis, n * 1000L / Math.max(1, wMillis));
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(RECORDS + n);
        }
    }

    private static String[] time(String name, Supplier<Integer> query) {
        for (int i = 0; i < 3; i++) query.get(); // warm up: plans, caches
        double[] ms = new double[RUNS];
        int rows = 0;
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            rows = query.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new String[] {name, Integer.toString(rows), "%.1f".formatted(ms[RUNS / 2]), "%.1f".formatted(ms[(int) (RUNS * 0.9)]),
                "%.1f".formatted(ms[RUNS - 1])};
    }

    /** A month of records generated on the server, then the rollups built from them as the writer would. */
    private static void load(TestDatabases.Db db) {
        var jdbc = db.jdbc();
        jdbc.sql("set time zone 'UTC'").update();
        // key k belongs to user k % 500, who is in team (k % 500) % 50; 31 days spread evenly
        jdbc.sql("""
                insert into usage_records (request_id, occurred_at, key_id, user_id, team_id, requested_model, model, bedrock_model,
                  endpoint, status, streaming, client_aborted, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
                  cache_write_1h_tokens, web_search_requests, cost_micros, price_json, latency_ms, ttfb_ms, session_id)
                select 'req_' || g,
                       timestamptz '2026-02-01 00:00:00+00' + (g::bigint * 2678400 / %d) * interval '1 second',
                       'key-' || (g %% 2000), 'user-' || ((g %% 2000) %% 500), 'team-' || (((g %% 2000) %% 500) %% 50),
                       m.id, m.id, 'us.anthropic.' || m.id, 'emulator',
                       case when g %% 50 = 0 then 429 else 200 end, g %% 3 <> 0, false,
                       1000 + g %% 5000, 50 + g %% 800, 20000 + g %% 1000, g %% 300, 0, 0,
                       (1000 + g %% 5000) * 3 + (50 + g %% 800) * 15, '{"source":"list"}', 800 + g %% 4000, 300 + g %% 500,
                       'session-' || (g %% 20000)
                from generate_series(1, %d) g
                join (values (0, 'claude-sonnet-4-6'), (1, 'claude-opus-4-7'), (2, 'claude-haiku-4-5-20251001'),
                             (3, 'claude-sonnet-4-5-20250929'), (4, 'claude-opus-4-6')) m(n, id) on m.n = g %% 5
                """.formatted(RECORDS, RECORDS)).update();
        for (String[] t : new String[][] {{"usage_hourly", "hour"}, {"usage_daily", "day"}}) {
            jdbc.sql("""
                    insert into %s (bucket, key_id, model, team_key, user_id, team_id, requests, errors, input_tokens, output_tokens,
                      cache_read_tokens, cache_write_tokens, web_search_requests, cost_micros)
                    select date_trunc('%s', occurred_at), key_id, model, coalesce(team_id, '-'), max(user_id), team_id, count(*),
                           sum(case when status between 200 and 299 then 0 else 1 end), sum(input_tokens), sum(output_tokens),
                           sum(cache_read_tokens), sum(cache_write_5m_tokens + cache_write_1h_tokens), sum(web_search_requests), sum(cost_micros)
                    from usage_records group by 1, 2, 3, team_id""".formatted(t[0], t[1])).update();
        }
        jdbc.sql("analyze").update();
    }
}
