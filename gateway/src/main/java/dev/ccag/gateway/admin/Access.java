package dev.ccag.gateway.admin;

/** Role checks, called explicitly at the top of each endpoint so the rule sits beside the code it guards. */
public final class Access {
    private Access() {}

    public static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw ApiProblem.forbidden("requires the admin role");
        }
    }

    /** Admins, or a team admin of this team. */
    public static void requireTeamAdmin(Actor actor, String teamId) {
        if (!actor.administers(teamId)) {
            throw ApiProblem.forbidden("requires admin rights on team " + teamId);
        }
    }

    /** Admins, or a member of this team. */
    public static void requireTeamMember(Actor actor, String teamId) {
        if (!actor.isAdmin() && !actor.belongsTo(teamId)) {
            throw ApiProblem.forbidden("not a member of team " + teamId);
        }
    }

    /** The user themself, or an admin. */
    public static void requireSelfOrAdmin(Actor actor, String userId) {
        if (!actor.isAdmin() && !actor.userId().equals(userId)) {
            throw ApiProblem.forbidden("only the user themself or an admin may do this");
        }
    }
}
