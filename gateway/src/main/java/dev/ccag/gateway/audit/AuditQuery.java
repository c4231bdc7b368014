package dev.ccag.gateway.audit;

import dev.ccag.gateway.accounts.Db;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** Reads the audit log newest first, by resource and time (both indexed). */
@Repository
public class AuditQuery {
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AuditQuery(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @param beforeId only rows with a smaller id (the cursor); null for the newest */
    public List<AuditEntry> find(String resourceType, String resourceId, Instant since, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_log where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (resourceType != null) {
            sql.append(" and resource_type = :type");
            params.put("type", resourceType);
        }
        if (resourceId != null) {
            sql.append(" and resource_id = :rid");
            params.put("rid", resourceId);
        }
        if (since != null) {
            sql.append(" and occurred_at >= :since");
            params.put("since", Db.ts(since));
        }
        if (beforeId != null) {
            sql.append(" and id < :before");
            params.put("before", beforeId);
        }
        sql.append(" order by id desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new AuditEntry(rs.getLong("id"), Db.instant(rs, "occurred_at"),
                rs.getString("actor_id"), rs.getString("actor_display"), rs.getString("action"), rs.getString("resource_type"),
                rs.getString("resource_id"), parse(rs.getString("before_json")), parse(rs.getString("after_json")),
                rs.getString("request_id"))).list();
    }

    private tools.jackson.databind.JsonNode parse(String s) {
        return s == null ? null : json.readTree(s);
    }
}
