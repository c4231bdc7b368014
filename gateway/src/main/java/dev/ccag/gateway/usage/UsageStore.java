package dev.ccag.gateway.usage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes batches of usage records and keeps the hourly and daily rollups in step, in one
 * transaction. A record whose request id is already stored is skipped, and so are its rollup
 * increments, so replaying the spool after a crash counts nothing twice.
 */
public final class UsageStore {
    private static final String RECORD_COLUMNS = """
            insert into usage_records (request_id, occurred_at, key_id, user_id, team_id, requested_model, model,
              bedrock_model, endpoint, status, streaming, client_aborted, input_tokens, output_tokens, cache_read_tokens,
              cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, cost_micros, price_json, latency_ms,
              ttfb_ms, session_id, agent_id)""";
    private static final String VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    private static final String INSERT = RECORD_COLUMNS + " values (" + VALUES + ")";
    /** PostgreSQL: safe against a concurrent insert of the same id by another replica. */
    private static final String INSERT_PG = INSERT + " on conflict (request_id) do nothing";
    /** H2 has no ON CONFLICT; the file database has one process and this writer is its only writer of records. */
    private static final String INSERT_H2_UNLESS_STORED = RECORD_COLUMNS + " select " + VALUES
            + " where not exists (select 1 from usage_records where request_id = ?)";
    private static final String COLUMNS = "requests, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, web_search_requests, cost_micros";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SqlDialect dialect;

    public UsageStore(JdbcTemplate jdbc, TransactionTemplate tx, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.dialect = dialect;
    }

    /** Stores the batch; returns how many records were new. */
    public int write(List<UsageRecord> records) {
        if (records.isEmpty()) return 0;
        Integer inserted;
        if (dialect == SqlDialect.POSTGRESQL) {
            inserted = tx.execute(status -> storeNew(records, jdbc.batchUpdate(INSERT_PG, records, records.size(), UsageStore::bind)));
        } else {
            // H2: a plain insert, which costs a fifth less than checking each id first. Only a replay
            // after a crash meets ids already stored; that batch rolls back and goes again with the check.
            try {
                inserted = tx.execute(status -> storeNew(records, jdbc.batchUpdate(INSERT, records, records.size(), UsageStore::bind)));
            } catch (DuplicateKeyException replayed) {
                inserted = tx.execute(status -> storeNew(records, jdbc.batchUpdate(INSERT_H2_UNLESS_STORED, records, records.size(),
                        (ps, r) -> {
                            bind(ps, r);
                            ps.setString(25, r.requestId());
                        })));
            }
            // H2 keeps recent commits in memory for up to its write delay; a kill -9 would lose them after
            // the spool checkpoint moved past them. Flush before the caller advances the checkpoint.
            jdbc.execute("checkpoint");
        }
        return inserted == null ? 0 : inserted;
    }

    /** Adds the rollup increments of the records the batch inserted (update count 1) and returns their number. */
    private int storeNew(List<UsageRecord> records, int[][] counts) {
        List<UsageRecord> fresh = new ArrayList<>();
        int i = 0;
        for (int[] chunk : counts) {
            for (int count : chunk) {
                if (count != 0) fresh.add(records.get(i));
                i++;
            }
        }
        upsert("usage_hourly", rollup(fresh, ChronoUnit.HOURS));
        upsert("usage_daily", rollup(fresh, ChronoUnit.DAYS));
        return fresh.size();
    }

    /** One rollup row's key: hour or day, key, model and the team the records were made for ("-": none). */
    record Bucket(Instant bucket, String keyId, String model, String teamKey) {}

    static final class Totals {
        String userId;
        String teamId;
        long requests, errors, input, output, cacheRead, cacheWrite, webSearches, cost;

        void add(UsageRecord r) {
            userId = r.userId();
            teamId = r.teamId();
            requests++;
            if (r.isError()) errors++;
            input += r.inputTokens();
            output += r.outputTokens();
            cacheRead += r.cacheReadTokens();
            cacheWrite += r.cacheWriteTokens();
            webSearches += r.webSearchRequests();
            cost += r.costMicros();
        }
    }

    static Map<Bucket, Totals> rollup(List<UsageRecord> records, ChronoUnit unit) {
        // sorted, so concurrent writers on other replicas lock rollup rows in the same order (no deadlocks)
        Map<Bucket, Totals> totals = new TreeMap<>(Comparator.comparing(Bucket::bucket).thenComparing(Bucket::keyId)
                .thenComparing(Bucket::model).thenComparing(Bucket::teamKey));
        for (UsageRecord r : records) {
            Bucket b = new Bucket(r.occurredAt().truncatedTo(unit), r.keyId() == null ? "-" : r.keyId(), r.rollupModel(),
                    r.teamId() == null ? "-" : r.teamId());
            totals.computeIfAbsent(b, k -> new Totals()).add(r);
        }
        return totals;
    }

    private void upsert(String table, Map<Bucket, Totals> rows) {
        if (rows.isEmpty()) return;
        if (dialect == SqlDialect.POSTGRESQL) {
            String sql = "insert into " + table + " (bucket, key_id, model, team_key, user_id, team_id, " + COLUMNS + ")"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (bucket, key_id, model, team_key) do update set"
                    + " user_id = excluded.user_id"
                    + increments(table + ".", "excluded.");
            List<Object[]> args = new ArrayList<>(rows.size());
            rows.forEach((b, t) -> args.add(new Object[] {utc(b.bucket()), b.keyId(), b.model(), b.teamKey(), t.userId, t.teamId,
                    t.requests, t.errors, t.input, t.output, t.cacheRead, t.cacheWrite, t.webSearches, t.cost}));
            jdbc.batchUpdate(sql, args);
            return;
        }
        // H2: one process owns the file database and this writer is its only rollup writer, so update-then-insert is safe.
        String update = "update " + table + " set user_id = ?, requests = requests + ?, errors = errors + ?,"
                + " input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cache_read_tokens = cache_read_tokens + ?,"
                + " cache_write_tokens = cache_write_tokens + ?, web_search_requests = web_search_requests + ?,"
                + " cost_micros = cost_micros + ? where bucket = ? and key_id = ? and model = ? and team_key = ?";
        String insert = "insert into " + table + " (bucket, key_id, model, team_key, user_id, team_id, " + COLUMNS + ")"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        rows.forEach((b, t) -> {
            int n = jdbc.update(update, t.userId, t.requests, t.errors, t.input, t.output, t.cacheRead, t.cacheWrite,
                    t.webSearches, t.cost, utc(b.bucket()), b.keyId(), b.model(), b.teamKey());
            if (n == 0) {
                jdbc.update(insert, utc(b.bucket()), b.keyId(), b.model(), b.teamKey(), t.userId, t.teamId, t.requests, t.errors,
                        t.input, t.output, t.cacheRead, t.cacheWrite, t.webSearches, t.cost);
            }
        });
    }

    private static String increments(String current, String added) {
        StringBuilder b = new StringBuilder();
        for (String c : COLUMNS.split(", ")) {
            b.append(", ").append(c).append(" = ").append(current).append(c).append(" + ").append(added).append(c);
        }
        return b.toString();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void bind(PreparedStatement ps, UsageRecord r) throws SQLException {
        int i = 1;
        ps.setString(i++, r.requestId());
        ps.setObject(i++, utc(r.occurredAt()));
        ps.setString(i++, r.keyId());
        ps.setString(i++, r.userId());
        ps.setString(i++, r.teamId());
        ps.setString(i++, r.requestedModel());
        ps.setString(i++, r.model());
        ps.setString(i++, r.bedrockModel());
        ps.setString(i++, r.endpoint());
        ps.setInt(i++, r.status());
        ps.setBoolean(i++, r.streaming());
        ps.setBoolean(i++, r.clientAborted());
        ps.setLong(i++, r.inputTokens());
        ps.setLong(i++, r.outputTokens());
        ps.setLong(i++, r.cacheReadTokens());
        ps.setLong(i++, r.cacheWrite5mTokens());
        ps.setLong(i++, r.cacheWrite1hTokens());
        ps.setInt(i++, r.webSearchRequests());
        ps.setLong(i++, r.costMicros());
        ps.setString(i++, r.priceJson());
        setInt(ps, i++, r.latencyMs());
        setInt(ps, i++, r.ttfbMs());
        ps.setString(i++, r.sessionId());
        ps.setString(i, r.agentId());
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) ps.setNull(index, Types.INTEGER);
        else ps.setInt(index, value);
    }
}
