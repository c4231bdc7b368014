package dev.ccag.gateway.audit;

import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** One audit row as the API shows it; {@code before}/{@code after} are the resource's JSON views. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditEntry(long id, Instant occurredAt, String actorId, String actorDisplay, String action,
        String resourceType, String resourceId, JsonNode before, JsonNode after, String requestId) {}
