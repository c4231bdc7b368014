package dev.ccag.gateway.budget;

import dev.ccag.gateway.accounts.Db;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Spend per budget counter ({@code k:<key>}, {@code u:<user>}, {@code t:<team>}, {@code *}) between
 * two instants, summed from the ledger: whole hours from the {@code usage_hourly} rollup, partial
 * hours (periods that start at :30 in zones like Asia/Kolkata) from the raw records.
 */
public final class SpendQueries {
    private static final String HOURLY = "select key_id, user_id, team_id, sum(cost_micros) from usage_hourly"
            + " where bucket >= ? and bucket < ? group by key_id, user_id, team_id";
    private static final String RAW = "select key_id, user_id, team_id, sum(cost_micros) from usage_records"
            + " where occurred_at >= ? and occurred_at < ? group by key_id, user_id, team_id";

    private final JdbcClient jdbc;

    public SpendQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Spend in whole hour buckets {@code [fromHour, toHour)}; both must be on the hour. */
    public Map<String, Long> hourly(Instant fromHour, Instant toHour) {
        return sum(HOURLY, fromHour, toHour, new HashMap<>());
    }

    /** Spend of records that occurred in {@code [from, to)}, from the raw ledger. */
    public Map<String, Long> raw(Instant from, Instant to) {
        return sum(RAW, from, to, new HashMap<>());
    }

    /** Spend in {@code [from, toHour)} where {@code from} may be inside an hour: raw for its partial hour, rollups after. */
    public Map<String, Long> between(Instant from, Instant toHour) {
        Instant firstWholeHour = Hours.ceil(from);
        if (!firstWholeHour.isBefore(toHour)) {
            return raw(from, toHour);
        }
        Map<String, Long> out = new HashMap<>();
        if (firstWholeHour.isAfter(from)) {
            sum(RAW, from, firstWholeHour, out);
        }
        return sum(HOURLY, firstWholeHour, toHour, out);
    }

    private Map<String, Long> sum(String sql, Instant from, Instant to, Map<String, Long> into) {
        jdbc.sql(sql).params(Db.ts(from), Db.ts(to)).query(rs -> {
            long cost = rs.getLong(4);
            if (cost == 0) return;
            add(into, BudgetScope.KEY.counter(rs.getString(1)), cost);
            String user = rs.getString(2);
            if (user != null) add(into, BudgetScope.USER.counter(user), cost);
            String team = rs.getString(3);
            if (team != null) add(into, BudgetScope.TEAM.counter(team), cost);
            add(into, BudgetScope.DEPLOYMENT.counter(null), cost);
        });
        return into;
    }

    private static void add(Map<String, Long> into, String counter, long cost) {
        into.merge(counter, cost, Long::sum);
    }
}
