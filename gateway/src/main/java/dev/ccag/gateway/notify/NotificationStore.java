package dev.ccag.gateway.notify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The {@code notifications} and {@code notification_deliveries} tables. */
public class NotificationStore {
    private final JdbcClient jdbc;

    public NotificationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the event unless its dedupe key is already there. The unique constraint decides between
     * racing replicas: exactly one caller gets the id back and is the one that delivers.
     */
    public Optional<Long> claim(NotificationEvent event, String payload, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("insert into notifications (dedupe_key, type, payload, created_at) values (?, ?, ?, ?)")
                    .params(event.dedupeKey(), event.type(), payload, Timestamp.from(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return Optional.of(keys.getKey().longValue());
    }

    public void recordAttempt(long notificationId, String channel, int attempt, String status, DeliveryResult result, Instant at) {
        jdbc.sql("insert into notification_deliveries (notification_id, channel, attempt, status, http_status, error, at)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(notificationId, channel, attempt, status, result.httpStatus(), truncate(result.error()), Timestamp.from(at))
                .update();
    }

    /** An event stored since some time, with the last logged attempt per channel (none when it was never attempted). */
    public record Unfinished(long id, String type, String payload, Instant createdAt, java.util.Map<String, LastAttempt> lastAttempts) {}

    public record LastAttempt(int attempt, String status, Instant at) {}

    /** Events created at or after {@code since}, oldest first, each with its last attempt per channel. */
    public List<Unfinished> since(Instant since) {
        java.util.Map<Long, Unfinished> out = new java.util.LinkedHashMap<>();
        jdbc.sql("select n.id, n.type, n.payload, n.created_at, d.channel, d.attempt, d.status, d.at from notifications n"
                        + " left join notification_deliveries d on d.notification_id = n.id where n.created_at >= ? order by n.id, d.attempt")
                .param(Timestamp.from(since))
                .query(rs -> {
                    long id = rs.getLong(1);
                    Unfinished u = out.computeIfAbsent(id, k -> {
                        try {
                            return new Unfinished(id, rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(), new java.util.HashMap<>());
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    String channel = rs.getString(5);
                    if (channel != null) {
                        u.lastAttempts().put(channel, new LastAttempt(rs.getInt(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
                    }
                });
        return List.copyOf(out.values());
    }

    /** Newest first; {@code beforeId} pages on. */
    public List<NotificationView> find(String type, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select id, dedupe_key, type, payload, created_at from notifications where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (type != null) {
            sql.append(" and type = :type");
            params.put("type", type);
        }
        if (beforeId != null) {
            sql.append(" and id < :before");
            params.put("before", beforeId);
        }
        sql.append(" order by id desc limit :limit");
        params.put("limit", limit);
        List<NotificationView> rows = jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new NotificationView(rs.getLong("id"), rs.getString("type"), rs.getString("dedupe_key"),
                        rs.getString("payload"), rs.getTimestamp("created_at").toInstant(), new ArrayList<>()))
                .list();
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, NotificationView> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        jdbc.sql("select notification_id, channel, attempt, status, http_status, error, at from notification_deliveries"
                        + " where notification_id in (:ids) order by id")
                .param("ids", List.copyOf(byId.keySet()))
                .query(rs -> {
                    int http = rs.getInt("http_status");
                    Integer httpStatus = rs.wasNull() ? null : http;
                    byId.get(rs.getLong("notification_id")).deliveries().add(new DeliveryView(rs.getString("channel"),
                            rs.getInt("attempt"), rs.getString("status"), httpStatus, rs.getString("error"),
                            rs.getTimestamp("at").toInstant()));
                });
        return rows;
    }

    /**
     * Deletes events created before {@code cutoff} with their deliveries. Idempotent, so replicas may run
     * it at the same time; a dedupe key deleted here could be delivered again, hence a retention far
     * longer than any budget period.
     */
    public int purgeBefore(Instant cutoff) {
        Timestamp t = Timestamp.from(cutoff);
        jdbc.sql("delete from notification_deliveries where notification_id in (select id from notifications where created_at < ?)")
                .param(t).update();
        return jdbc.sql("delete from notifications where created_at < ?").param(t).update();
    }

    public long count(String dedupeKey) {
        return jdbc.sql("select count(*) from notifications where dedupe_key = ?").param(dedupeKey).query(Long.class).single();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    /** {@code payload} is the stored event JSON, shown as JSON rather than as a string. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NotificationView(long id, String type, String dedupeKey, @JsonRawValue String payload, Instant createdAt,
            List<DeliveryView> deliveries) {
        /** The id receivers saw in {@code ccag-event-id}. */
        @JsonProperty("event_id")
        public String eventId() {
            return OutgoingNotification.eventId(id);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeliveryView(String channel, int attempt, String status, Integer httpStatus, String error, Instant at) {}
}
