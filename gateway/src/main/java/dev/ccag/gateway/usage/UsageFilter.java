package dev.ccag.gateway.usage;

import java.time.Instant;
import java.util.List;

/** Filters of a usage query: a time range [from, to) and optional user, team, key and model. */
public record UsageFilter(Instant from, Instant to, String userId, String teamId, String keyId, String model) {

    public UsageFilter {
        if (from == null || to == null) throw new IllegalArgumentException("from and to are required");
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
    }

    UsageFilter withRange(Instant newFrom, Instant newTo) {
        return new UsageFilter(newFrom, newTo, userId, teamId, keyId, model);
    }

    /** Appends the conditions; {@code timeColumn} is bucket for rollups, occurred_at for records. */
    void appendTo(StringBuilder sql, List<Object> params, String timeColumn) {
        sql.append(' ').append(timeColumn).append(" >= ? and ").append(timeColumn).append(" < ?");
        params.add(UsageStore.utc(from));
        params.add(UsageStore.utc(to));
        condition(sql, params, "user_id", userId);
        condition(sql, params, "team_id", teamId);
        condition(sql, params, "key_id", keyId);
        condition(sql, params, "model", model);
    }

    private static void condition(StringBuilder sql, List<Object> params, String column, String value) {
        if (value == null) return;
        sql.append(" and ").append(column).append(" = ?");
        params.add(value);
    }
}
