package dev.ccag.gateway.accounts;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A person. {@code allowedModels}, {@code maxRpm} and {@code maxTpm} are set by an admin and bound
 * every key the user owns (null = unlimited). {@code idp}/{@code externalId} link an SSO identity.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record User(String id, String email, String displayName, String role, boolean active,
        String idp, String externalId, List<String> allowedModels, Integer maxRpm, Integer maxTpm,
        Instant createdAt, Instant updatedAt) {

    public static final List<String> ROLES = List.of("admin", "team_admin", "member");
}
