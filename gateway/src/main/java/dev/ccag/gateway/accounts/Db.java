package dev.ccag.gateway.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Column conversions that behave the same on PostgreSQL and H2: instants travel as UTC
 * OffsetDateTime (pgjdbc does not bind Instant), model lists as a JSON array string.
 */
public final class Db {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private Db() {}

    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    public static String modelsJson(List<String> models) {
        return models == null ? null : JSON.writeValueAsString(models);
    }

    public static List<String> models(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : List.copyOf(JSON.readValue(s, STRINGS));
    }

    /** Now, truncated to microseconds: what both databases store, so values read back compare equal. */
    public static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
