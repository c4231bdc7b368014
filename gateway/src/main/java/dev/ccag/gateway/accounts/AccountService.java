package dev.ccag.gateway.accounts;

import dev.ccag.gateway.admin.Actor;
import dev.ccag.gateway.admin.ApiProblem;
import dev.ccag.gateway.audit.AuditLog;
import dev.ccag.gateway.keys.ApiKey;
import dev.ccag.gateway.keys.ApiKeyRepository;
import dev.ccag.gateway.keys.KeyTableChanged;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes to users, teams and memberships, each audited in its own transaction. Callers check roles
 * first (see the admin controllers); this class guards the data rules: unique emails and team names,
 * at least one active admin, no team deleted under its keys, no personal key left on a team its owner left.
 */
@Service
public class AccountService {
    private final UserRepository users;
    private final TeamRepository teams;
    private final ApiKeyRepository keys;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    AccountService(UserRepository users, TeamRepository teams, ApiKeyRepository keys, AuditLog audit, ApplicationEventPublisher events) {
        this.events = events;
        this.users = users;
        this.teams = teams;
        this.keys = keys;
        this.audit = audit;
    }

    public User user(String id) {
        return users.find(id).orElseThrow(() -> ApiProblem.notFound("user " + id + " not found"));
    }

    public Team team(String id) {
        return teams.find(id).orElseThrow(() -> ApiProblem.notFound("team " + id + " not found"));
    }

    @Transactional
    public User createUser(Actor actor, User draft) {
        String email = UserRepository.normalizeEmail(draft.email());
        if (users.findByEmail(email).isPresent()) {
            throw ApiProblem.conflict("a user with email " + email + " exists");
        }
        Instant now = Db.now();
        User user = new User(UUID.randomUUID().toString(), email, draft.displayName(), draft.role(), true, draft.idp(), draft.externalId(),
                draft.allowedModels(), draft.maxRpm(), draft.maxTpm(), now, now);
        users.insert(user);
        audit.record(actor, "user.create", "user", user.id(), null, user);
        return user;
    }

    /** Applies {@code change} to the stored user; updated_at moves, which tells every replica's key table. */
    @Transactional
    public User updateUser(Actor actor, String id, String action, UnaryOperator<User> change) {
        User before = user(id);
        User changed = change.apply(before);
        User after = new User(id, UserRepository.normalizeEmail(changed.email()), changed.displayName(), changed.role(), changed.active(),
                changed.idp(), changed.externalId(), changed.allowedModels(), changed.maxRpm(), changed.maxTpm(), before.createdAt(), Db.now());
        if (!after.email().equals(before.email()) && users.findByEmail(after.email()).isPresent()) {
            throw ApiProblem.conflict("a user with email " + after.email() + " exists");
        }
        boolean wasActiveAdmin = before.active() && "admin".equals(before.role());
        boolean isActiveAdmin = after.active() && "admin".equals(after.role());
        if (wasActiveAdmin && !isActiveAdmin && users.activeAdmins() <= 1) {
            throw ApiProblem.conflict("this is the last active admin; make another admin first");
        }
        users.update(after);
        audit.record(actor, action, "user", id, before, after);
        events.publishEvent(new KeyTableChanged());
        return after;
    }

    @Transactional
    public Team createTeam(Actor actor, String name, String description, java.util.List<String> allowedModels) {
        Instant now = Db.now();
        Team team = new Team(UUID.randomUUID().toString(), name, description, allowedModels, now, now);
        teams.insert(team);
        audit.record(actor, "team.create", "team", team.id(), null, team);
        return team;
    }

    @Transactional
    public Team updateTeam(Actor actor, String id, UnaryOperator<Team> change) {
        Team before = team(id);
        Team changed = change.apply(before);
        Team after = new Team(id, changed.name(), changed.description(), changed.allowedModels(), before.createdAt(), Db.now());
        teams.update(after);
        audit.record(actor, "team.update", "team", id, before, after);
        return after;
    }

    @Transactional
    public void deleteTeam(Actor actor, String id) {
        Team before = team(id);
        if (teams.hasKeys(id)) {
            throw ApiProblem.conflict("team " + id + " still has keys (their usage history refers to it); revoke and keep, or move them first");
        }
        teams.delete(id);
        audit.record(actor, "team.delete", "team", id, before, null);
    }

    @Transactional
    public Membership addMember(Actor actor, String teamId, String userId, String teamRole) {
        team(teamId);
        user(userId);
        if (teams.findMember(teamId, userId).isPresent()) {
            throw ApiProblem.conflict("user " + userId + " is already in team " + teamId);
        }
        Membership m = new Membership(teamId, userId, teamRole, Db.now());
        teams.insertMember(m);
        audit.record(actor, "membership.create", "team", teamId, null, m);
        return m;
    }

    @Transactional
    public Membership changeMemberRole(Actor actor, String teamId, String userId, String teamRole) {
        Membership before = member(teamId, userId);
        Membership after = new Membership(teamId, userId, teamRole, before.createdAt());
        teams.updateMemberRole(teamId, userId, teamRole);
        audit.record(actor, "membership.update", "team", teamId, before, after);
        return after;
    }

    @Transactional
    public void removeMember(Actor actor, String teamId, String userId) {
        Membership before = member(teamId, userId);
        teams.deleteMember(teamId, userId);
        audit.record(actor, "membership.delete", "team", teamId, before, null);
        // A personal key may only be attached to a team its owner is in: leaving the team ends those keys.
        for (ApiKey key : keys.liveTeamKeysOf(userId, teamId)) {
            ApiKey revoked = key.withRevokedAt(Db.now());
            keys.revoke(key.id(), revoked.revokedAt());
            audit.record(actor, "key.revoke", "key", key.id(), key, revoked);
        }
        events.publishEvent(new KeyTableChanged());
    }

    public Membership member(String teamId, String userId) {
        return teams.findMember(teamId, userId)
                .orElseThrow(() -> ApiProblem.notFound("user " + userId + " is not in team " + teamId));
    }
}
