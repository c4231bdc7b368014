package dev.ccag.gateway.admin;

import dev.ccag.gateway.accounts.AccountService;
import dev.ccag.gateway.accounts.Membership;
import dev.ccag.gateway.accounts.Team;
import dev.ccag.gateway.accounts.TeamRepository;
import dev.ccag.gateway.accounts.UserRepository;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Teams and memberships. Admins create and delete teams and set their model grant; a team's admins
 * rename it and manage its members; members see their own teams.
 */
@RestController
@RequestMapping(AdminWebConfiguration.PREFIX + "/teams")
class TeamsController {
    private final AccountService accounts;
    private final TeamRepository teams;
    private final UserRepository users;

    TeamsController(AccountService accounts, TeamRepository teams, UserRepository users) {
        this.accounts = accounts;
        this.teams = teams;
        this.users = users;
    }

    @GetMapping
    Page<Team> list(Actor actor, @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        return Page.of(teams.list(page.after(), page.fetchSize(), actor.isAdmin() ? null : actor.memberOfTeams()), page, Team::id);
    }

    @GetMapping("/{id}")
    Team get(Actor actor, @PathVariable String id) {
        Team team = accounts.team(id);
        Access.requireTeamMember(actor, id);
        return team;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Team create(Actor actor, @RequestBody JsonNode body) {
        Access.requireAdmin(actor);
        Fields f = Fields.of(body);
        return accounts.createTeam(actor, f.requiredString("name", 200), f.string("description", 2000), f.strings("allowed_models", 200));
    }

    @PatchMapping("/{id}")
    Team update(Actor actor, @PathVariable String id, @RequestBody JsonNode body) {
        Fields f = Fields.of(body);
        accounts.team(id);
        Access.requireTeamAdmin(actor, id);
        if (f.has("allowed_models")) {
            Access.requireAdmin(actor); // a grant, not a team setting
        }
        String name = f.has("name") ? f.requiredString("name", 200) : null;
        String description = f.string("description", 2000);
        List<String> models = f.strings("allowed_models", 200);
        return accounts.updateTeam(actor, id, t -> new Team(t.id(), name != null ? name : t.name(),
                f.has("description") ? description : t.description(), f.has("allowed_models") ? models : t.allowedModels(),
                t.createdAt(), t.updatedAt()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor actor, @PathVariable String id) {
        Access.requireAdmin(actor);
        accounts.deleteTeam(actor, id);
    }

    @GetMapping("/{id}/members")
    List<Membership> members(Actor actor, @PathVariable String id) {
        accounts.team(id);
        Access.requireTeamMember(actor, id);
        return teams.members(id);
    }

    /** Adds a user by {@code user_id} or {@code email}, as {@code team_role} member (default) or admin. */
    @PostMapping("/{id}/members")
    @ResponseStatus(HttpStatus.CREATED)
    Membership addMember(Actor actor, @PathVariable String id, @RequestBody JsonNode body) {
        Fields f = Fields.of(body);
        accounts.team(id);
        Access.requireTeamAdmin(actor, id);
        String userId = f.string("user_id", 36);
        String email = f.string("email", 320);
        if (userId == null && email == null) {
            throw ApiProblem.badRequest("user_id or email: one is required");
        }
        if (userId == null) {
            userId = users.findByEmail(email).orElseThrow(() -> ApiProblem.notFound("no user with email " + email)).id();
        }
        return accounts.addMember(actor, id, userId, teamRole(f, "member"));
    }

    @PatchMapping("/{id}/members/{userId}")
    Membership changeRole(Actor actor, @PathVariable String id, @PathVariable String userId, @RequestBody JsonNode body) {
        Fields f = Fields.of(body);
        accounts.team(id);
        Access.requireTeamAdmin(actor, id);
        return accounts.changeMemberRole(actor, id, userId, teamRole(f, null));
    }

    @DeleteMapping("/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeMember(Actor actor, @PathVariable String id, @PathVariable String userId) {
        accounts.team(id);
        Access.requireTeamAdmin(actor, id);
        accounts.removeMember(actor, id, userId);
    }

    private static String teamRole(Fields f, String fallback) {
        String role = f.string("team_role", 20);
        if (role == null && fallback != null) {
            return fallback;
        }
        if (!Membership.isTeamRole(role)) {
            throw ApiProblem.badRequest("team_role: must be member or admin");
        }
        return role;
    }
}
