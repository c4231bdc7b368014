package dev.ccag.gateway.admin;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the caller's user row and memberships fresh on each admin request, so a role change or a
 * disabled account takes effect on the next call (the admin API is not the hot path).
 */
@Component
public class ActorDirectory {
    private final JdbcClient jdbc;

    ActorDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The active user behind a key, or empty when the user is missing or disabled. */
    public Optional<Actor> find(String userId, String keyId) {
        record Row(String id, String email, String role, boolean active) {}
        Optional<Row> user = jdbc.sql("select id, email, role, active from users where id = ?")
                .param(userId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
                .optional();
        if (user.isEmpty() || !user.get().active()) {
            return Optional.empty();
        }
        record Membership(String teamId, String teamRole) {}
        List<Membership> memberships = jdbc.sql("select team_id, team_role from team_members where user_id = ?")
                .param(userId)
                .query((rs, n) -> new Membership(rs.getString(1), rs.getString(2)))
                .list();
        String role = user.get().role();
        boolean mayAdministerTeams = Actor.ADMIN.equals(role) || Actor.TEAM_ADMIN.equals(role);
        Set<String> adminOf = new HashSet<>();
        Set<String> memberOf = new HashSet<>();
        for (Membership m : memberships) {
            memberOf.add(m.teamId());
            if (mayAdministerTeams && "admin".equals(m.teamRole())) {
                adminOf.add(m.teamId());
            }
        }
        return Optional.of(new Actor(user.get().id(), user.get().email(), role, adminOf, memberOf, keyId));
    }
}
