package dev.ccag.gateway.usage;

import java.util.List;
import java.util.Set;

/**
 * Which usage a caller may see: everything (admins), one user's (members), or a user's own plus
 * that of the teams they administer (team admins). Rendered as a SQL condition.
 */
public record UsageScope(boolean everything, String userId, Set<String> teams) {
    public UsageScope {
        teams = teams == null ? Set.of() : Set.copyOf(teams);
    }

    public static UsageScope all() {
        return new UsageScope(true, null, Set.of());
    }

    public static UsageScope ownAndTeams(String userId, Set<String> teams) {
        return new UsageScope(false, userId, teams);
    }

    /** May this scope see rows of the given team (a filter the caller asked for)? */
    public boolean coversTeam(String teamId) {
        return everything || teams.contains(teamId);
    }

    /** May this scope see every row of the given user? */
    public boolean coversUser(String otherUserId) {
        return everything || otherUserId.equals(userId);
    }

    void appendTo(StringBuilder sql, List<Object> params) {
        if (everything) return;
        sql.append(" and (user_id = ?");
        params.add(userId);
        if (!teams.isEmpty()) {
            sql.append(" or team_id in (");
            String sep = "";
            for (String t : teams.stream().sorted().toList()) {
                sql.append(sep).append('?');
                params.add(t);
                sep = ", ";
            }
            sql.append(')');
        }
        sql.append(')');
    }
}
