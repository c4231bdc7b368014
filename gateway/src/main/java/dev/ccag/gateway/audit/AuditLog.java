package dev.ccag.gateway.audit;

import dev.ccag.gateway.admin.Actor;
import dev.ccag.gateway.admin.AdminRequestIds;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Appends to the audit log inside the caller's transaction, so a change and its record commit or
 * roll back together. Before/after are the API views of the resource (never key plaintext or hashes).
 */
@Component
public class AuditLog {
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AuditLog(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @param actor null for the system itself (bootstrap) */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Actor actor, String action, String resourceType, String resourceId, Object before, Object after) {
        jdbc.sql("""
                insert into audit_log (occurred_at, actor_id, actor_display, action, resource_type, resource_id, before_json, after_json, request_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(OffsetDateTime.now(ZoneOffset.UTC),
                        actor == null ? null : actor.userId(),
                        actor == null ? "system" : actor.email(),
                        action, resourceType, resourceId,
                        before == null ? null : json.writeValueAsString(before),
                        after == null ? null : json.writeValueAsString(after),
                        AdminRequestIds.current())
                .update();
    }
}
