package dev.ccag.gateway.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Teams and their memberships on JDBC. */
@Repository
public class TeamRepository {
    private final JdbcClient jdbc;

    TeamRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Team t) {
        jdbc.sql("insert into teams (id, name, description, allowed_models, created_at, updated_at) values (?, ?, ?, ?, ?, ?)")
                .params(t.id(), t.name(), t.description(), Db.modelsJson(t.allowedModels()), Db.ts(t.createdAt()), Db.ts(t.updatedAt()))
                .update();
    }

    public void update(Team t) {
        jdbc.sql("update teams set name = ?, description = ?, allowed_models = ?, updated_at = ? where id = ?")
                .params(t.name(), t.description(), Db.modelsJson(t.allowedModels()), Db.ts(t.updatedAt()), t.id())
                .update();
    }

    public void delete(String id) {
        jdbc.sql("delete from team_members where team_id = ?").param(id).update();
        jdbc.sql("delete from teams where id = ?").param(id).update();
    }

    public Optional<Team> find(String id) {
        return jdbc.sql("select * from teams where id = ?").param(id).query(TeamRepository::map).optional();
    }

    /** Teams ordered by id; only {@code ids} unless null. */
    public List<Team> list(String afterId, int limit, Set<String> ids) {
        if (ids != null && ids.isEmpty()) {
            return List.of();
        }
        JdbcClient.StatementSpec spec = jdbc.sql("select * from teams where id > :after" + (ids == null ? "" : " and id in (:ids)") + " order by id limit :limit")
                .param("after", afterId == null ? "" : afterId)
                .param("limit", limit);
        if (ids != null) {
            spec = spec.param("ids", List.copyOf(ids));
        }
        return spec.query(TeamRepository::map).list();
    }

    public boolean hasKeys(String teamId) {
        return jdbc.sql("select count(*) from api_keys where team_id = ?").param(teamId).query(Long.class).single() > 0;
    }

    public void insertMember(Membership m) {
        jdbc.sql("insert into team_members (team_id, user_id, team_role, created_at) values (?, ?, ?, ?)")
                .params(m.teamId(), m.userId(), m.teamRole(), Db.ts(m.createdAt()))
                .update();
    }

    public void updateMemberRole(String teamId, String userId, String teamRole) {
        jdbc.sql("update team_members set team_role = ? where team_id = ? and user_id = ?").params(teamRole, teamId, userId).update();
    }

    public void deleteMember(String teamId, String userId) {
        jdbc.sql("delete from team_members where team_id = ? and user_id = ?").params(teamId, userId).update();
    }

    public Optional<Membership> findMember(String teamId, String userId) {
        return jdbc.sql("select * from team_members where team_id = ? and user_id = ?").params(teamId, userId)
                .query(TeamRepository::mapMember).optional();
    }

    public List<Membership> members(String teamId) {
        return jdbc.sql("select * from team_members where team_id = ? order by user_id").param(teamId).query(TeamRepository::mapMember).list();
    }

    public List<Membership> membershipsOf(String userId) {
        return jdbc.sql("select * from team_members where user_id = ? order by team_id").param(userId).query(TeamRepository::mapMember).list();
    }

    static Team map(ResultSet rs, int row) throws SQLException {
        return new Team(rs.getString("id"), rs.getString("name"), rs.getString("description"), Db.models(rs, "allowed_models"),
                Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"));
    }

    static Membership mapMember(ResultSet rs, int row) throws SQLException {
        return new Membership(rs.getString("team_id"), rs.getString("user_id"), rs.getString("team_role"), Db.instant(rs, "created_at"));
    }
}
