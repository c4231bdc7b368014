package dev.ccag.gateway.usage;

import java.sql.ResultSet;
import java.sql.SQLException;
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
 * hourly otherwise), so they stay fast at millions of records; per-request listings and the CSV
 * export read the raw records through the time indexes.
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

    /** Every matching record, oldest first, streamed row by row (for the CSV export). */
    public void eachRecord(UsageFilter filter, UsageScope scope, Consumer<UsageRecord> sink) {
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
