package dev.ccag.gateway.keys;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A virtual key as people see it: everything but the secret and its hashes. {@code previousExpiresAt}
 * is when the key's pre-rotation secret stops working (null when there is none).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiKey(String id, String display, String name, String kind, String ownerUserId, String teamId,
        List<String> allowedModels, Integer maxRpm, Integer maxTpm, String createdBy,
        Instant createdAt, Instant updatedAt, Instant lastUsedAt, Instant expiresAt, Instant revokedAt,
        Instant previousExpiresAt) {

    public static final String PERSONAL = "personal";
    public static final String SERVICE = "service";
    public static final String ADMIN = "admin";

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public ApiKey withRevokedAt(Instant at) {
        return new ApiKey(id, display, name, kind, ownerUserId, teamId, allowedModels, maxRpm, maxTpm, createdBy,
                createdAt, at, lastUsedAt, expiresAt, at, null);
    }

    public ApiKey withSettings(String name, List<String> allowedModels, Integer maxRpm, Integer maxTpm, Instant expiresAt, Instant now) {
        return new ApiKey(id, display, name, kind, ownerUserId, teamId, allowedModels, maxRpm, maxTpm, createdBy,
                createdAt, now, lastUsedAt, expiresAt, revokedAt, previousExpiresAt);
    }

    public ApiKey rotated(String display, Instant previousExpiresAt, Instant now) {
        return new ApiKey(id, display, name, kind, ownerUserId, teamId, allowedModels, maxRpm, maxTpm, createdBy,
                createdAt, now, lastUsedAt, expiresAt, revokedAt, previousExpiresAt);
    }
}
