package dev.ccag.gateway.budget;

import dev.ccag.gateway.accounts.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Budgets on JDBC; actions are kept as a small JSON list. */
@Repository
public class BudgetRepository {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final JdbcClient jdbc;

    BudgetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Budget b) {
        jdbc.sql("insert into budgets (id, name, scope, scope_id, period, time_zone, limit_micros, actions, enabled, created_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(b.id(), b.name(), b.scope().label(), b.scopeId(), b.period().label(), b.zone().getId(), b.limitMicros(),
                        actionsJson(b.actions()), b.enabled(), Db.ts(b.createdAt()), Db.ts(b.updatedAt()))
                .update();
    }

    public void update(Budget b) {
        jdbc.sql("update budgets set name = ?, period = ?, time_zone = ?, limit_micros = ?, actions = ?, enabled = ?, updated_at = ? where id = ?")
                .params(b.name(), b.period().label(), b.zone().getId(), b.limitMicros(), actionsJson(b.actions()), b.enabled(),
                        Db.ts(b.updatedAt()), b.id())
                .update();
    }

    public void delete(String id) {
        jdbc.sql("delete from budgets where id = ?").param(id).update();
    }

    public Optional<Budget> find(String id) {
        return jdbc.sql("select * from budgets where id = ?").param(id).query(BudgetRepository::map).optional();
    }

    /** Every budget: the tracker holds them all in memory (there are tens or hundreds, not millions). */
    public List<Budget> all() {
        return jdbc.sql("select * from budgets order by id").query(BudgetRepository::map).list();
    }

    /** Budgets ordered by id; when {@code teams} is not null, only team budgets of those teams. */
    public List<Budget> list(String afterId, int limit, Set<String> teams) {
        if (teams != null && teams.isEmpty()) {
            return List.of();
        }
        JdbcClient.StatementSpec spec = jdbc.sql("select * from budgets where id > :after"
                        + (teams == null ? "" : " and scope = 'team' and scope_id in (:teams)") + " order by id limit :limit")
                .param("after", afterId == null ? "" : afterId)
                .param("limit", limit);
        if (teams != null) {
            spec = spec.param("teams", List.copyOf(teams));
        }
        return spec.query(BudgetRepository::map).list();
    }

    static String actionsJson(List<BudgetAction> actions) {
        ArrayNode list = JSON.createArrayNode();
        for (BudgetAction a : actions) {
            ObjectNode o = list.addObject();
            o.put("type", a.type().label());
            o.put("at", a.atPercent());
            if (a.rpm() != null) o.put("rpm", a.rpm());
        }
        return JSON.writeValueAsString(list);
    }

    static List<BudgetAction> parseActions(String json) {
        List<BudgetAction> out = new ArrayList<>();
        for (JsonNode a : JSON.readTree(json)) {
            JsonNode rpm = a.get("rpm");
            out.add(new BudgetAction(BudgetAction.Type.parse(a.get("type").asString()), a.get("at").asInt(),
                    rpm == null || rpm.isNull() ? null : rpm.asInt()));
        }
        return out;
    }

    private static Budget map(ResultSet rs, int row) throws SQLException {
        return new Budget(rs.getString("id"), rs.getString("name"), BudgetScope.parse(rs.getString("scope")), rs.getString("scope_id"),
                BudgetPeriod.parse(rs.getString("period")), ZoneId.of(rs.getString("time_zone")), rs.getLong("limit_micros"),
                parseActions(rs.getString("actions")), rs.getBoolean("enabled"), Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"));
    }
}
