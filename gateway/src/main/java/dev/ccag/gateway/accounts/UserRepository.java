package dev.ccag.gateway.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users on JDBC. Emails are stored lower-case, which makes the unique index case-insensitive. */
@Repository
public class UserRepository {
    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static String normalizeEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    public void insert(User u) {
        jdbc.sql("""
                insert into users (id, email, display_name, role, active, idp, external_id, allowed_models, max_rpm, max_tpm, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(u.id(), u.email(), u.displayName(), u.role(), u.active(), u.idp(), u.externalId(),
                        Db.modelsJson(u.allowedModels()), u.maxRpm(), u.maxTpm(), Db.ts(u.createdAt()), Db.ts(u.updatedAt()))
                .update();
    }

    public void update(User u) {
        jdbc.sql("""
                update users set email = ?, display_name = ?, role = ?, active = ?, idp = ?, external_id = ?,
                       allowed_models = ?, max_rpm = ?, max_tpm = ?, updated_at = ? where id = ?""")
                .params(u.email(), u.displayName(), u.role(), u.active(), u.idp(), u.externalId(),
                        Db.modelsJson(u.allowedModels()), u.maxRpm(), u.maxTpm(), Db.ts(u.updatedAt()), u.id())
                .update();
    }

    public Optional<User> find(String id) {
        return jdbc.sql("select * from users where id = ?").param(id).query(UserRepository::map).optional();
    }

    public Optional<User> findByEmail(String email) {
        return jdbc.sql("select * from users where email = ?").param(normalizeEmail(email)).query(UserRepository::map).optional();
    }

    public Optional<User> firstActiveAdmin() {
        return jdbc.sql("select * from users where role = 'admin' and active = true order by created_at limit 1")
                .query(UserRepository::map).optional();
    }

    public long activeAdmins() {
        return jdbc.sql("select count(*) from users where role = 'admin' and active = true").query(Long.class).single();
    }

    public boolean any() {
        return jdbc.sql("select count(*) from users").query(Long.class).single() > 0;
    }

    /** Users ordered by id after {@code afterId}; restricted to members of {@code teams} unless null. */
    public List<User> list(String afterId, int limit, Set<String> teams) {
        if (teams != null && teams.isEmpty()) {
            return List.of();
        }
        String teamFilter = teams == null ? "" : " and id in (select user_id from team_members where team_id in (:teams))";
        JdbcClient.StatementSpec spec = jdbc.sql("select * from users where id > :after" + teamFilter + " order by id limit :limit")
                .param("after", afterId == null ? "" : afterId)
                .param("limit", limit);
        if (teams != null) {
            spec = spec.param("teams", List.copyOf(teams));
        }
        return spec.query(UserRepository::map).list();
    }

    static User map(ResultSet rs, int row) throws SQLException {
        return new User(rs.getString("id"), rs.getString("email"), rs.getString("display_name"), rs.getString("role"),
                rs.getBoolean("active"), rs.getString("idp"), rs.getString("external_id"), Db.models(rs, "allowed_models"),
                Db.integer(rs, "max_rpm"), Db.integer(rs, "max_tpm"), Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"));
    }
}
