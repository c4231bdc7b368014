package dev.ccag.gateway.keys;

import dev.ccag.gateway.accounts.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Virtual keys on JDBC. Hashes go in and come out only through the authenticator's snapshot rows. */
@Repository
public class ApiKeyRepository {
    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    ApiKeyRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public void insert(ApiKey k, String hash) {
        jdbc.sql("""
                insert into api_keys (id, key_hash, display, name, kind, owner_user_id, team_id, allowed_models, max_rpm, max_tpm,
                                      created_by, created_at, updated_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(k.id(), hash, k.display(), k.name(), k.kind(), k.ownerUserId(), k.teamId(), Db.modelsJson(k.allowedModels()),
                        k.maxRpm(), k.maxTpm(), k.createdBy(), Db.ts(k.createdAt()), Db.ts(k.updatedAt()), Db.ts(k.expiresAt()))
                .update();
    }

    public void updateSettings(ApiKey k) {
        jdbc.sql("update api_keys set name = ?, allowed_models = ?, max_rpm = ?, max_tpm = ?, expires_at = ?, updated_at = ? where id = ?")
                .params(k.name(), Db.modelsJson(k.allowedModels()), k.maxRpm(), k.maxTpm(), Db.ts(k.expiresAt()), Db.ts(k.updatedAt()), k.id())
                .update();
    }

    /** Revocation also ends a rotation grace: neither secret works afterwards. */
    public void revoke(String id, Instant at) {
        jdbc.sql("update api_keys set revoked_at = ?, updated_at = ?, previous_hash = null, previous_expires_at = null where id = ?")
                .params(Db.ts(at), Db.ts(at), id).update();
    }

    /** The current hash becomes the previous one, valid until {@code previousExpiresAt}. */
    public void rotate(String id, String newHash, String newDisplay, Instant previousExpiresAt, Instant now) {
        jdbc.sql("""
                update api_keys set previous_hash = key_hash, previous_expires_at = ?, key_hash = ?, display = ?, updated_at = ?
                where id = ?""")
                .params(Db.ts(previousExpiresAt), newHash, newDisplay, Db.ts(now), id).update();
    }

    public boolean hashExists(String hash) {
        return jdbc.sql("select count(*) from api_keys where key_hash = ?").param(hash).query(Long.class).single() > 0;
    }

    public Optional<ApiKey> find(String id) {
        return jdbc.sql("select * from api_keys where id = ?").param(id).query(ApiKeyRepository::map).optional();
    }

    /** The first admin key, for the start-up banner. */
    public Optional<String> firstAdminKeyDisplay() {
        return jdbc.sql("select display from api_keys where kind = 'admin' and revoked_at is null order by created_at limit 1")
                .query(String.class).optional();
    }

    /**
     * Keys ordered by id. Filters combine with AND; {@code visibleOwner}/{@code visibleTeams} combine
     * with OR (a team admin sees their own keys and their teams' keys); null means no restriction.
     */
    public List<ApiKey> list(String afterId, int limit, String ownerUserId, String teamId, String visibleOwner, Set<String> visibleTeams) {
        StringBuilder sql = new StringBuilder("select * from api_keys where id > :after");
        Map<String, Object> params = new java.util.HashMap<>(Map.of("after", afterId == null ? "" : afterId, "limit", limit));
        if (ownerUserId != null) {
            sql.append(" and owner_user_id = :owner");
            params.put("owner", ownerUserId);
        }
        if (teamId != null) {
            sql.append(" and team_id = :team");
            params.put("team", teamId);
        }
        if (visibleOwner != null || visibleTeams != null) {
            List<String> clauses = new ArrayList<>();
            if (visibleOwner != null) {
                clauses.add("owner_user_id = :visibleOwner");
                params.put("visibleOwner", visibleOwner);
            }
            if (visibleTeams != null && !visibleTeams.isEmpty()) {
                clauses.add("team_id in (:visibleTeams)");
                params.put("visibleTeams", List.copyOf(visibleTeams));
            }
            sql.append(clauses.isEmpty() ? " and 1 = 0" : " and (" + String.join(" or ", clauses) + ")");
        }
        sql.append(" order by id limit :limit");
        return jdbc.sql(sql.toString()).params(params).query(ApiKeyRepository::map).list();
    }

    /** What the authenticator needs about one key, with its owner's state and grant. */
    public record AuthRow(String id, String keyHash, String previousHash, Instant previousExpiresAt, String display,
            String kind, String ownerUserId, String teamId, List<String> allowedModels, Integer maxRpm, Integer maxTpm,
            Instant expiresAt, Instant revokedAt, Boolean ownerActive, List<String> ownerModels, Integer ownerRpm, Integer ownerTpm,
            Instant changedAt) {}

    private static final String AUTH_SELECT = """
            select k.id, k.key_hash, k.previous_hash, k.previous_expires_at, k.display, k.kind, k.owner_user_id, k.team_id,
                   k.allowed_models, k.max_rpm, k.max_tpm, k.expires_at, k.revoked_at, k.updated_at,
                   u.active as owner_active, u.allowed_models as owner_models, u.max_rpm as owner_rpm, u.max_tpm as owner_tpm,
                   u.updated_at as owner_updated_at
            from api_keys k left join users u on u.id = k.owner_user_id""";

    /** Every live key: the authenticator's full reload. */
    public List<AuthRow> authRowsAll() {
        return jdbc.sql(AUTH_SELECT + " where k.revoked_at is null").query(ApiKeyRepository::mapAuth).list();
    }

    /** Keys changed, or whose owner changed, at or after {@code since} (revoked ones included, to drop them). */
    public List<AuthRow> authRowsChangedSince(Instant since) {
        // Two indexed lookups rather than one OR across the join, which would scan every key.
        List<AuthRow> rows = new ArrayList<>(jdbc.sql(AUTH_SELECT + " where k.updated_at >= :since")
                .param("since", Db.ts(since)).query(ApiKeyRepository::mapAuth).list());
        rows.addAll(jdbc.sql(AUTH_SELECT + " where k.owner_user_id in (select id from users where updated_at >= :since)")
                .param("since", Db.ts(since)).query(ApiKeyRepository::mapAuth).list());
        return rows;
    }

    /** Live keys of one owner attached to one team. */
    public List<ApiKey> liveTeamKeysOf(String userId, String teamId) {
        return jdbc.sql("select * from api_keys where owner_user_id = ? and team_id = ? and revoked_at is null")
                .params(userId, teamId).query(ApiKeyRepository::map).list();
    }

    /** The newest change to keys or users: where an incremental refresh starts after a full load. */
    public Instant latestChange() {
        Instant newest = Instant.EPOCH;
        for (String table : List.of("api_keys", "users")) {
            Instant t = jdbc.sql("select max(updated_at) as m from " + table).query((rs, n) -> Db.instant(rs, "m")).list().getFirst();
            if (t != null && t.isAfter(newest)) {
                newest = t;
            }
        }
        return newest;
    }

    /** Records last use, at most moving it forward; does not touch updated_at (no cache churn). */
    public void touch(Map<String, Instant> lastUsed) {
        List<Object[]> args = lastUsed.entrySet().stream()
                .map(e -> new Object[] {Db.ts(e.getValue()), e.getKey(), Db.ts(e.getValue())})
                .toList();
        template.batchUpdate("update api_keys set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)", args);
    }

    static ApiKey map(ResultSet rs, int row) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("display"), rs.getString("name"), rs.getString("kind"),
                rs.getString("owner_user_id"), rs.getString("team_id"), Db.models(rs, "allowed_models"),
                Db.integer(rs, "max_rpm"), Db.integer(rs, "max_tpm"), rs.getString("created_by"),
                Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"), Db.instant(rs, "last_used_at"),
                Db.instant(rs, "expires_at"), Db.instant(rs, "revoked_at"), Db.instant(rs, "previous_expires_at"));
    }

    static AuthRow mapAuth(ResultSet rs, int row) throws SQLException {
        Instant keyChanged = Db.instant(rs, "updated_at");
        Instant ownerChanged = Db.instant(rs, "owner_updated_at");
        boolean active = rs.getBoolean("owner_active");
        Boolean ownerActive = rs.wasNull() ? null : active;
        return new AuthRow(rs.getString("id"), rs.getString("key_hash"), rs.getString("previous_hash"),
                Db.instant(rs, "previous_expires_at"), rs.getString("display"), rs.getString("kind"),
                rs.getString("owner_user_id"), rs.getString("team_id"), Db.models(rs, "allowed_models"),
                Db.integer(rs, "max_rpm"), Db.integer(rs, "max_tpm"), Db.instant(rs, "expires_at"), Db.instant(rs, "revoked_at"),
                ownerActive, Db.models(rs, "owner_models"), Db.integer(rs, "owner_rpm"), Db.integer(rs, "owner_tpm"),
                ownerChanged != null && ownerChanged.isAfter(keyChanged) ? ownerChanged : keyChanged);
    }
}
