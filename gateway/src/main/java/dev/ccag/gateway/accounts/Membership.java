package dev.ccag.gateway.accounts;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A user in a team, as {@code member} or {@code admin} of it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Membership(String teamId, String userId, String teamRole, Instant createdAt) {
    public static boolean isTeamRole(String role) {
        return "member".equals(role) || "admin".equals(role);
    }
}
