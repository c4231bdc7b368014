package dev.ccag.gateway.usage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Analytics over the ledger. Totals come from the rollups (daily when the range is whole days,
 * hourly otherwise), so they stay fast at millions of records. Per-request listings and the CSV
 * export read the raw records through the time index: unfiltered in one range, and filtered (a user,
 * team, key or model, or a caller who may see only some) hour by hour, through only the hours whose
 * hourly rollup rows match the filter. The rollups hold a row for every bucket, key, model and team
 * that has records, so those hours hold every matching record; the raw records carry no index per
 * user, team or key, which would cost the writer a B-tree per record each (decision 0015).
 */
public final class UsageQueries {
    /** What totals are grouped by. */
    public enum GroupBy {
        USER("user_id"), TEAM("team_id"), KEY("key_id"), MODEL("model"), DAY("bucket");

        final String column;

        GroupBy(String column) {
            this.column = column;
        }

        public static GroupBy parse(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("group_by: one of user, team, key, model, day");
            }
        }
    }

    /** Totals per group, and the range and rollup granularity they were read at. */
    public record Report(String groupBy, Instant from, Instant to, String granularity, List<UsageTotals> data) {}

    /** Position after the last record of a page: newest first, ties broken by request id. */
    public record RecordCursor(Instant occurredAt, String requestId) {
        public String encode() {
            return occurredAt.getEpochSecond() + "." + occurredAt.getNano() + "|" + requestId;
        }

        public static RecordCursor decode(String s) {
            int bar = s.indexOf('|');
            int dot = s.indexOf('.');
            if (bar < 0 || dot < 0 || dot > bar) throw new IllegalArgumentException("cursor: malformed");
            return new RecordCursor(Instant.ofEpochSecond(Long.parseLong(s.substring(0, dot)), Long.parseLong(s.substring(dot + 1, bar))),
                    s.substring(bar + 1));
        }
    }

    /** The first span a filtered listing looks back over, and the largest it grows to. */
    private static final Duration FIRST_SPAN = Duration.ofHours(6);
    private static final Duration MAX_SPAN = Duration.ofDays(8);

    private static final String SUMS = "sum(requests), sum(errors), sum(input_tokens), sum(output_tokens),"
            + " sum(cache_read_tokens), sum(cache_write_tokens), sum(web_search_requests), sum(cost_micros)";

    private final JdbcClient jdbc;

    public UsageQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Report totals(GroupBy groupBy, UsageFilter filter, UsageScope scope) {
        boolean daily = groupBy == GroupBy.DAY || (isMidnight(filter.from()) && isMidnight(filter.to()));
        UsageFilter f = daily
                ? filter.withRange(filter.from().truncatedTo(ChronoUnit.DAYS), ceil(filter.to(), ChronoUnit.DAYS))
                : filter.withRange(filter.from().truncatedTo(ChronoUnit.HOURS), ceil(filter.to(), ChronoUnit.HOURS));
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select ").append(groupBy.column).append(" as grp, ").append(SUMS)
                .append(" from ").append(daily ? "usage_daily" : "usage_hourly").append(" where");
        f.appendTo(sql, params, "bucket");
        scope.appendTo(sql, params);
        sql.append(" group by ").append(groupBy.column).append(" order by ").append(groupBy.column);
        List<UsageTotals> rows = jdbc.sql(sql.toString()).params(params).query((rs, i) -> totals(rs, groupBy)).list();
        return new Report(groupBy.name().toLowerCase(Locale.ROOT), f.from(), f.to(), daily ? "day" : "hour", rows);
    }

    /** One page of raw records, newest first; {@code after} is the previous page's last record (or null). */
    public List<UsageRecord> records(UsageFilter filter, UsageScope scope, RecordCursor after, int fetch) {
        if (!narrowed(filter, scope)) {
            return page(filter, scope, after, fetch);
        }
        // past the cursor's instant by the ledger's precision (microseconds on both databases), so records
        // at that same instant with a smaller request id are still in range (the cursor condition picks them)
        Instant upper = after == null ? filter.to() : min(filter.to(), after.occurredAt().plus(1, ChronoUnit.MICROS));
        List<UsageRecord> out = new ArrayList<>(Math.min(fetch, 1024));
        // Back from the newest, in spans that grow: one span is enough for an active user, a rare one
        // takes a few; each query of the rollup and of the records stays small.
        Duration span = FIRST_SPAN;
        while (out.size() < fetch && upper.isAfter(filter.from())) {
            Instant lower = max(filter.from(), upper.minus(span));
            List<HourRun> runs = activeHours(filter.withRange(lower, upper), scope);
            for (int i = runs.size() - 1; i >= 0 && out.size() < fetch; i--) { // newest run first
                HourRun run = runs.get(i);
                out.addAll(page(filter.withRange(max(lower, run.from()), min(upper, run.to())), scope, after, fetch - out.size()));
            }
            upper = lower;
            span = span.compareTo(MAX_SPAN.dividedBy(4)) > 0 ? MAX_SPAN : span.multipliedBy(4);
        }
        return out;
    }

    /** Every matching record, oldest first, streamed row by row (for the CSV export). */
    public void eachRecord(UsageFilter filter, UsageScope scope, Consumer<UsageRecord> sink) {
        if (!narrowed(filter, scope)) {
            stream(filter, scope, sink);
            return;
        }
        for (Instant lower = filter.from(); lower.isBefore(filter.to()); lower = lower.plus(MAX_SPAN)) {
            Instant upper = min(filter.to(), lower.plus(MAX_SPAN));
            for (HourRun run : activeHours(filter.withRange(lower, upper), scope)) {
                stream(filter.withRange(max(lower, run.from()), min(upper, run.to())), scope, sink);
            }
        }
    }

    private List<UsageRecord> page(UsageFilter filter, UsageScope scope, RecordCursor after, int fetch) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = recordsQuery(filter, scope, params);
        if (after != null) {
            sql.append(" and (occurred_at < ? or (occurred_at = ? and request_id < ?))");
            params.add(UsageStore.utc(after.occurredAt()));
            params.add(UsageStore.utc(after.occurredAt()));
            params.add(after.requestId());
        }
        sql.append(" order by occurred_at desc, request_id desc limit ").append(fetch);
        return jdbc.sql(sql.toString()).params(params).query(UsageQueries::record).list();
    }

    private void stream(UsageFilter filter, UsageScope scope, Consumer<UsageRecord> sink) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = recordsQuery(filter, scope, params).append(" order by occurred_at, request_id");
        jdbc.sql(sql.toString()).params(params).withFetchSize(1000).query((ResultSet rs) -> sink.accept(record(rs, 0)));
    }

    private static StringBuilder recordsQuery(UsageFilter filter, UsageScope scope, List<Object> params) {
        StringBuilder sql = new StringBuilder("select * from usage_records where");
        filter.appendTo(sql, params, "occurred_at");
        scope.appendTo(sql, params);
        return sql;
    }

    /** Whether the listing reads only some records of its range: then it goes through the hours that hold them. */
    private static boolean narrowed(UsageFilter filter, UsageScope scope) {
        return !scope.everything() || filter.userId() != null || filter.teamId() != null || filter.keyId() != null
                || filter.model() != null;
    }

    /** Consecutive whole hours, {@code [from, to)}, that hold records. */
    record HourRun(Instant from, Instant to) {}

    /**
     * The hours of the filter's range whose hourly rollup rows match the filter and scope, oldest first,
     * joined into runs of consecutive hours (one records query each). A rollup row's model is the
     * record's model or, without one, the model asked for: a model filter may name an hour with no
     * matching record, never miss one.
     */
    List<HourRun> activeHours(UsageFilter filter, UsageScope scope) {
        UsageFilter hours = filter.withRange(filter.from().truncatedTo(ChronoUnit.HOURS), ceil(filter.to(), ChronoUnit.HOURS));
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select distinct bucket from usage_hourly where");
        hours.appendTo(sql, params, "bucket");
        scope.appendTo(sql, params);
        sql.append(" order by bucket");
        List<Instant> buckets = jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> rs.getObject(1, OffsetDateTime.class).toInstant()).list();
        List<HourRun> runs = new ArrayList<>();
        Instant start = null;
        Instant end = null;
        for (Instant b : buckets) {
            if (end != null && b.equals(end)) {
                end = b.plus(1, ChronoUnit.HOURS);
                continue;
            }
            if (start != null) runs.add(new HourRun(start, end));
            start = b;
            end = b.plus(1, ChronoUnit.HOURS);
        }
        if (start != null) runs.add(new HourRun(start, end));
        return runs;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static UsageTotals totals(ResultSet rs, GroupBy groupBy) throws SQLException {
        String group = groupBy == GroupBy.DAY
                ? rs.getObject(1, OffsetDateTime.class).toInstant().toString().substring(0, 10)
                : rs.getString(1);
        return new UsageTotals(group, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                rs.getLong(8), rs.getLong(9));
    }

    static UsageRecord record(ResultSet rs, int row) throws SQLException {
        return new UsageRecord(rs.getString("request_id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("key_id"), rs.getString("user_id"), rs.getString("team_id"), rs.getString("requested_model"),
                rs.getString("model"), rs.getString("bedrock_model"), rs.getString("endpoint"), rs.getInt("status"),
                rs.getBoolean("streaming"), rs.getBoolean("client_aborted"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                rs.getLong("cache_read_tokens"), rs.getLong("cache_write_5m_tokens"), rs.getLong("cache_write_1h_tokens"),
                rs.getInt("web_search_requests"), rs.getLong("cost_micros"), rs.getString("price_json"),
                (Integer) rs.getObject("latency_ms", Integer.class), (Integer) rs.getObject("ttfb_ms", Integer.class),
                rs.getString("session_id"), rs.getString("agent_id"));
    }

    private static boolean isMidnight(Instant t) {
        return t.equals(t.truncatedTo(ChronoUnit.DAYS));
    }

    private static Instant ceil(Instant t, ChronoUnit unit) {
        Instant floor = t.truncatedTo(unit);
        return floor.equals(t) ? t : floor.plus(1, unit);
    }
}
