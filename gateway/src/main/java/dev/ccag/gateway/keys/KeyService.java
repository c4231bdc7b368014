package dev.ccag.gateway.keys;

import dev.ccag.gateway.accounts.Db;
import dev.ccag.gateway.accounts.Team;
import dev.ccag.gateway.accounts.TeamRepository;
import dev.ccag.gateway.accounts.User;
import dev.ccag.gateway.accounts.UserRepository;
import dev.ccag.gateway.admin.Access;
import dev.ccag.gateway.admin.Actor;
import dev.ccag.gateway.admin.ApiProblem;
import dev.ccag.gateway.admin.Page;
import dev.ccag.gateway.admin.PageRequest;
import dev.ccag.gateway.audit.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, changing, revoking and rotating virtual keys, with the role rules and the owner's grant
 * enforced and every change audited in its transaction. Plaintext keys exist only in the returned
 * {@link CreatedKey}; the database gets the HMAC and the display form.
 */
@Service
public class KeyService {
    public static final Duration MAX_GRACE = Duration.ofDays(30);
    private final ApiKeyRepository keys;
    private final UserRepository users;
    private final TeamRepository teams;
    private final KeyHasher hasher;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    KeyService(ApiKeyRepository keys, UserRepository users, TeamRepository teams, KeyHasher hasher, AuditLog audit,
            ApplicationEventPublisher events) {
        this.events = events;
        this.keys = keys;
        this.users = users;
        this.teams = teams;
        this.hasher = hasher;
        this.audit = audit;
    }

    /** What a caller asks for; null fields take their defaults (kind personal, owner the caller, the owner's grant). */
    public record KeyRequest(String name, String kind, String ownerUserId, String teamId, List<String> allowedModels,
            Integer maxRpm, Integer maxTpm, Instant expiresAt) {}

    @Transactional
    public CreatedKey create(Actor actor, KeyRequest r) {
        String kind = r.kind() == null ? ApiKey.PERSONAL : r.kind();
        Team team = r.teamId() == null ? null : teams.find(r.teamId()).orElseThrow(() -> ApiProblem.notFound("team " + r.teamId() + " not found"));
        User owner;
        switch (kind) {
            case ApiKey.PERSONAL, ApiKey.ADMIN -> {
                String ownerId = r.ownerUserId() == null ? actor.userId() : r.ownerUserId();
                if (!ownerId.equals(actor.userId()) || ApiKey.ADMIN.equals(kind)) {
                    Access.requireAdmin(actor);
                }
                owner = users.find(ownerId).orElseThrow(() -> ApiProblem.notFound("user " + ownerId + " not found"));
                if (!owner.active()) {
                    throw ApiProblem.conflict("user " + ownerId + " is disabled");
                }
                if (ApiKey.ADMIN.equals(kind) && !"admin".equals(owner.role())) {
                    throw ApiProblem.badRequest("kind: admin keys belong to users with the admin role");
                }
                if (team != null && teams.findMember(team.id(), owner.id()).isEmpty()) {
                    throw ApiProblem.forbidden("team_id: the key's owner is not a member of team " + team.id());
                }
            }
            case ApiKey.SERVICE -> {
                if (r.ownerUserId() != null) {
                    throw ApiProblem.badRequest("owner_user_id: service keys belong to no person");
                }
                if (team == null) {
                    Access.requireAdmin(actor);
                } else {
                    Access.requireTeamAdmin(actor, team.id());
                }
                owner = null;
            }
            default -> throw ApiProblem.badRequest("kind: must be personal, service or admin");
        }
        Instant now = Db.now();
        requireFuture(r.expiresAt(), now);
        KeyPolicy.Grant grant = KeyPolicy.narrow(owner, team, r.allowedModels(), r.maxRpm(), r.maxTpm());
        String plaintext = ApiKeyFormat.generate();
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), ApiKeyFormat.displayForm(plaintext), r.name(), kind,
                owner == null ? null : owner.id(), team == null ? null : team.id(), grant.allowedModels(), grant.maxRpm(), grant.maxTpm(),
                actor.userId(), now, now, null, r.expiresAt(), null, null);
        keys.insert(key, hasher.hash(plaintext));
        audit.record(actor, "key.create", "key", key.id(), null, key);
        events.publishEvent(new KeyTableChanged());
        return new CreatedKey(key, plaintext);
    }

    public ApiKey get(Actor actor, String id) {
        ApiKey key = keys.find(id).orElseThrow(() -> ApiProblem.notFound("key " + id + " not found"));
        requireManage(actor, key);
        return key;
    }

    /** Admins see every key; team admins their own and their teams'; members their own. */
    public Page<ApiKey> list(Actor actor, String ownerUserId, String teamId, PageRequest page) {
        String visibleOwner = actor.isAdmin() ? null : actor.userId();
        var visibleTeams = actor.isAdmin() ? null : actor.adminOfTeams();
        return Page.of(keys.list(page.after(), page.fetchSize(), ownerUserId, teamId, visibleOwner, visibleTeams), page, ApiKey::id);
    }

    /** Settings to change; {@code has*} false leaves the setting as it is. */
    public record KeyUpdate(boolean hasName, String name, boolean hasModels, List<String> allowedModels, boolean hasRpm, Integer maxRpm,
            boolean hasTpm, Integer maxTpm, boolean hasExpiry, Instant expiresAt) {}

    @Transactional
    public ApiKey update(Actor actor, String id, KeyUpdate u) {
        ApiKey before = get(actor, id);
        requireLive(before);
        Instant now = Db.now();
        if (u.hasExpiry()) {
            requireFuture(u.expiresAt(), now);
        }
        User owner = before.ownerUserId() == null ? null : users.find(before.ownerUserId()).orElse(null);
        Team team = before.teamId() == null ? null : teams.find(before.teamId()).orElse(null);
        KeyPolicy.Grant grant = KeyPolicy.narrow(owner, team,
                u.hasModels() ? u.allowedModels() : before.allowedModels(),
                u.hasRpm() ? u.maxRpm() : before.maxRpm(),
                u.hasTpm() ? u.maxTpm() : before.maxTpm());
        ApiKey after = before.withSettings(u.hasName() ? u.name() : before.name(), grant.allowedModels(), grant.maxRpm(), grant.maxTpm(),
                u.hasExpiry() ? u.expiresAt() : before.expiresAt(), now);
        keys.updateSettings(after);
        audit.record(actor, "key.update", "key", id, before, after);
        events.publishEvent(new KeyTableChanged());
        return after;
    }

    @Transactional
    public ApiKey revoke(Actor actor, String id) {
        ApiKey before = get(actor, id);
        requireLive(before);
        ApiKey after = before.withRevokedAt(Db.now());
        keys.revoke(id, after.revokedAt());
        audit.record(actor, "key.revoke", "key", id, before, after);
        events.publishEvent(new KeyTableChanged());
        return after;
    }

    /** A new secret for the same key (id, settings, history); the old secret works for {@code grace} more. */
    @Transactional
    public CreatedKey rotate(Actor actor, String id, Duration grace) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw ApiProblem.badRequest("grace_seconds: must be between 0 and " + MAX_GRACE.toSeconds());
        }
        ApiKey before = get(actor, id);
        requireLive(before);
        Instant now = Db.now();
        String plaintext = ApiKeyFormat.generate();
        ApiKey after = before.rotated(ApiKeyFormat.displayForm(plaintext), grace.isZero() ? null : now.plus(grace), now);
        keys.rotate(id, hasher.hash(plaintext), after.display(), after.previousExpiresAt(), now);
        audit.record(actor, "key.rotate", "key", id, before, after);
        events.publishEvent(new KeyTableChanged());
        return new CreatedKey(after, plaintext);
    }

    /** Admins; the key's owner; admins of the key's team. */
    static void requireManage(Actor actor, ApiKey key) {
        if (actor.isAdmin() || actor.userId().equals(key.ownerUserId()) || actor.administers(key.teamId())) {
            return;
        }
        throw ApiProblem.forbidden("not your key");
    }

    private static void requireLive(ApiKey key) {
        if (key.isRevoked()) {
            throw ApiProblem.conflict("key " + key.id() + " is revoked");
        }
    }

    private static void requireFuture(Instant expiresAt, Instant now) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiProblem.badRequest("expires_at: must be in the future");
        }
    }
}
