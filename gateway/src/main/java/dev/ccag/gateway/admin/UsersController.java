package dev.ccag.gateway.admin;

import dev.ccag.gateway.accounts.AccountService;
import dev.ccag.gateway.accounts.Membership;
import dev.ccag.gateway.accounts.TeamRepository;
import dev.ccag.gateway.accounts.User;
import dev.ccag.gateway.accounts.UserRepository;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
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
 * Users. Admins manage everyone; team admins see the users of their teams; everyone sees themself and
 * may change their own display name. Roles, grants and the active flag are the admins' alone.
 */
@RestController
@RequestMapping(AdminWebConfiguration.PREFIX + "/users")
class UsersController {
    private final AccountService accounts;
    private final UserRepository users;
    private final TeamRepository teams;

    UsersController(AccountService accounts, UserRepository users, TeamRepository teams) {
        this.accounts = accounts;
        this.users = users;
        this.teams = teams;
    }

    @GetMapping
    Page<User> list(Actor actor, @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        if (!actor.isAdmin() && actor.adminOfTeams().isEmpty()) {
            throw ApiProblem.forbidden("listing users requires the admin role or admin rights on a team");
        }
        Set<String> scope = actor.isAdmin() ? null : actor.adminOfTeams();
        return Page.of(users.list(page.after(), page.fetchSize(), scope), page, User::id);
    }

    @GetMapping("/{id}")
    User get(Actor actor, @PathVariable String id) {
        User user = accounts.user(id);
        requireVisible(actor, id);
        return user;
    }

    @GetMapping("/{id}/memberships")
    List<Membership> memberships(Actor actor, @PathVariable String id) {
        accounts.user(id);
        requireVisible(actor, id);
        return teams.membershipsOf(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    User create(Actor actor, @RequestBody JsonNode body) {
        Access.requireAdmin(actor);
        Fields f = Fields.of(body);
        String email = f.requiredString("email", 320);
        if (!email.contains("@")) {
            throw ApiProblem.badRequest("email: must be an email address");
        }
        String role = f.has("role") ? role(f) : Actor.MEMBER;
        return accounts.createUser(actor, new User(null, email, f.string("display_name", 200), role, true,
                f.string("idp", 100), f.string("external_id", 255), f.strings("allowed_models", 200),
                f.nonNegativeInt("max_rpm"), f.nonNegativeInt("max_tpm"), null, null));
    }

    @PatchMapping("/{id}")
    User update(Actor actor, @PathVariable String id, @RequestBody JsonNode body) {
        Fields f = Fields.of(body);
        accounts.user(id);
        if (!actor.isAdmin()) {
            Access.requireSelfOrAdmin(actor, id);
            for (String field : body.propertyNames()) {
                if (!field.equals("display_name")) {
                    throw ApiProblem.forbidden(field + ": only admins may change it");
                }
            }
        }
        String email = f.has("email") ? f.requiredString("email", 320) : null;
        if (email != null && !email.contains("@")) {
            throw ApiProblem.badRequest("email: must be an email address");
        }
        String role = f.has("role") ? role(f) : null;
        Boolean active = f.has("active") ? required(f.bool("active"), "active") : null;
        String displayName = f.string("display_name", 200);
        String idp = f.string("idp", 100);
        String externalId = f.string("external_id", 255);
        List<String> models = f.strings("allowed_models", 200);
        Integer rpm = f.nonNegativeInt("max_rpm");
        Integer tpm = f.nonNegativeInt("max_tpm");
        return accounts.updateUser(actor, id, "user.update", u -> new User(u.id(),
                email != null ? email : u.email(),
                f.has("display_name") ? displayName : u.displayName(),
                role != null ? role : u.role(),
                active != null ? active : u.active(),
                f.has("idp") ? idp : u.idp(),
                f.has("external_id") ? externalId : u.externalId(),
                f.has("allowed_models") ? models : u.allowedModels(),
                f.has("max_rpm") ? rpm : u.maxRpm(),
                f.has("max_tpm") ? tpm : u.maxTpm(),
                u.createdAt(), u.updatedAt()));
    }

    /** Disabling stops every key of the user within seconds, on every replica; the keys stay for history. */
    @PostMapping("/{id}/disable")
    User disable(Actor actor, @PathVariable String id) {
        Access.requireAdmin(actor);
        return accounts.updateUser(actor, id, "user.disable", u -> withActive(u, false));
    }

    @PostMapping("/{id}/enable")
    User enable(Actor actor, @PathVariable String id) {
        Access.requireAdmin(actor);
        return accounts.updateUser(actor, id, "user.enable", u -> withActive(u, true));
    }

    /** Admins see everyone; others themselves, and team admins the members of their teams. */
    private void requireVisible(Actor actor, String userId) {
        if (actor.isAdmin() || actor.userId().equals(userId)) {
            return;
        }
        for (Membership m : teams.membershipsOf(userId)) {
            if (actor.administers(m.teamId())) {
                return;
            }
        }
        throw ApiProblem.forbidden("not allowed to see user " + userId);
    }

    private static User withActive(User u, boolean active) {
        return new User(u.id(), u.email(), u.displayName(), u.role(), active, u.idp(), u.externalId(), u.allowedModels(),
                u.maxRpm(), u.maxTpm(), u.createdAt(), u.updatedAt());
    }

    private static String role(Fields f) {
        String role = f.requiredString("role", 20);
        if (!User.ROLES.contains(role)) {
            throw ApiProblem.badRequest("role: must be one of " + String.join(", ", User.ROLES));
        }
        return role;
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw ApiProblem.badRequest(field + ": must not be null");
        }
        return value;
    }
}
