package dev.ccag.gateway.admin;

import java.util.Set;

/**
 * Who is calling the admin API: the key's owner as the database knows them at this request.
 * {@code adminOfTeams} holds the teams the actor administers (team role {@code admin} while the
 * user's role is {@code team_admin} or {@code admin}); {@code memberOfTeams} every team they belong to.
 */
public record Actor(String userId, String email, String role, Set<String> adminOfTeams, Set<String> memberOfTeams, String keyId) {
    public static final String ADMIN = "admin";
    public static final String TEAM_ADMIN = "team_admin";
    public static final String MEMBER = "member";

    public Actor {
        adminOfTeams = Set.copyOf(adminOfTeams);
        memberOfTeams = Set.copyOf(memberOfTeams);
    }

    public boolean isAdmin() {
        return ADMIN.equals(role);
    }

    /** Admins administer every team. */
    public boolean administers(String teamId) {
        return teamId != null && (isAdmin() || adminOfTeams.contains(teamId));
    }

    public boolean belongsTo(String teamId) {
        return teamId != null && memberOfTeams.contains(teamId);
    }
}
