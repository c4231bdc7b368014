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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes batches of usage records and keeps the hourly and daily rollups in step, in one
 * transaction. A batch read from the spool also moves the spool's position in the database in that
 * transaction, so after a crash the database says exactly which records it holds, and a replay
 * stores none twice without a unique key on the request id (decision 0016).
 */
public final class UsageStore {
    private static final Logger log = LoggerFactory.getLogger(UsageStore.class);
    private static final String INSERT = """
            insert into usage_records (request_id, occurred_at, key_id, user_id, team_id, requested_model, model,
              bedrock_model, endpoint, status, streaming, client_aborted, input_tokens, output_tokens, cache_read_tokens,
              cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, cost_micros, price_json, latency_ms,
              ttfb_ms, session_id, agent_id)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    /** Request ids per lookup of already stored records (bind parameters per statement stay well under the drivers' limits). */
    private static final int LOOKUP_CHUNK = 1000;
    private static final String COLUMNS = "requests, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, web_search_requests, cost_micros";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SqlDialect dialect;

    public UsageStore(JdbcTemplate jdbc, TransactionTemplate tx, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.dialect = dialect;
    }

    /**
     * What a spool batch's write did: the records it stored, and the spool's position in the database
     * after it: the batch's end, or a later place when the database already held the batch.
     */
    public record Stored(List<UsageRecord> records, UsageSpool.Position position) {}

    /**
     * Stores the records the spool holds between {@code from} and {@code end}, and moves the spool's
     * position in the database to {@code end}, in one transaction. When the database's position is
     * already past {@code from} (a crash came after a commit and before the spool's own checkpoint
     * moved), nothing is written and that position is returned. When the database has no position
     * for the spool, or one behind {@code from}, the records it already holds are told apart by
     * request id within the batch's time span.
     */
    public Stored write(String spoolId, UsageSpool.Position from, UsageSpool.Position end, List<UsageRecord> records) {
        Stored stored = tx.execute(status -> {
            UsageSpool.Position known = positionOf(spoolId);
            if (known != null && known.compareTo(from) > 0) return new Stored(List.of(), known);
            List<UsageRecord> fresh = from.equals(known) ? records : notYetStored(records);
            if (known != null && known.compareTo(from) < 0) {
                log.warn("usage ledger: the database has spool {} stored up to {}, behind the spool's checkpoint {}"
                        + " (was the database restored from a backup?); writing on from the checkpoint", spoolId, known, from);
            }
            insert(fresh);
            if (known == null) {
                jdbc.update("insert into usage_spool_positions (spool_id, segment, byte_offset, updated_at) values (?, ?, ?, ?)",
                        spoolId, end.segment(), end.offset(), utc(Instant.now()));
            } else {
                jdbc.update("update usage_spool_positions set segment = ?, byte_offset = ?, updated_at = ? where spool_id = ?",
                        end.segment(), end.offset(), utc(Instant.now()), spoolId);
            }
            return new Stored(fresh, end);
        });
        flushH2();
        return stored;
    }

    /** Stores the records as new ones (no spool position); for loading a ledger, as tests and benchmarks do. */
    public int write(List<UsageRecord> records) {
        if (records.isEmpty()) return 0;
        tx.executeWithoutResult(status -> insert(records));
        flushH2();
        return records.size();
    }

    /** The database's position for the spool, locked until the transaction ends; null when it has none. */
    private UsageSpool.Position positionOf(String spoolId) {
        List<UsageSpool.Position> rows = jdbc.query("select segment, byte_offset from usage_spool_positions where spool_id = ? for update",
                (rs, n) -> new UsageSpool.Position(rs.getLong(1), rs.getLong(2)), spoolId);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    /**
     * The records whose request id the ledger does not hold yet: looked up in the batch's time span
     * (the time index) among the batch's own ids, so the answer stays small however many records
     * other replicas stored in that span.
     */
    private List<UsageRecord> notYetStored(List<UsageRecord> records) {
        if (records.isEmpty()) return records;
        Instant first = records.getFirst().occurredAt(), last = first;
        for (UsageRecord r : records) {
            if (r.occurredAt().isBefore(first)) first = r.occurredAt();
            if (r.occurredAt().isAfter(last)) last = r.occurredAt();
        }
        Set<String> held = new HashSet<>();
        for (int from = 0; from < records.size(); from += LOOKUP_CHUNK) {
            List<UsageRecord> chunk = records.subList(from, Math.min(records.size(), from + LOOKUP_CHUNK));
            List<Object> args = new ArrayList<>(chunk.size() + 2);
            args.add(utc(first));
            args.add(utc(last));
            chunk.forEach(r -> args.add(r.requestId()));
            held.addAll(jdbc.queryForList("select request_id from usage_records where occurred_at >= ? and occurred_at <= ?"
                    + " and request_id in (" + "?, ".repeat(chunk.size() - 1) + "?)", String.class, args.toArray()));
        }
        List<UsageRecord> fresh = new ArrayList<>(records.size());
        for (UsageRecord r : records) {
            if (held.add(r.requestId())) fresh.add(r);
        }
        return fresh;
    }

    private void insert(List<UsageRecord> records) {
        if (records.isEmpty()) return;
        jdbc.batchUpdate(INSERT, records, records.size(), UsageStore::bind);
        upsert("usage_hourly", rollup(records, ChronoUnit.HOURS));
        upsert("usage_daily", rollup(records, ChronoUnit.DAYS));
    }

    /**
     * H2 keeps recent commits in memory for up to its write delay; a kill -9 would lose them after the
     * spool checkpoint moved past them. Flush before the caller advances the checkpoint.
     */
    private void flushH2() {
        if (dialect == SqlDialect.H2) jdbc.execute("checkpoint");
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
