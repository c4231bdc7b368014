package dev.ccag.gateway.pool;

import dev.ccag.gateway.accounts.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code pool_endpoints}, {@code pool_routing} and {@code pool_state} tables. Writes run in the
 * caller's transaction (with its audit entry); {@link #lockAndBump} comes first in each.
 */
public final class EndpointStore {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    /** A stored endpoint with its timestamps. */
    public record Stored(EndpointSpec spec, Instant createdAt, Instant updatedAt) {}

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    public EndpointStore(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    public long generation() {
        return jdbc.sql("select generation from pool_state where id = 1").query(Long.class).single();
    }

    /** Locks the state row until the transaction ends: writers on every replica take turns. */
    public void lock() {
        jdbc.sql("select generation from pool_state where id = 1 for update").query(Long.class).single();
    }

    /** Locks the state row and moves the generation on, which makes every replica reload. */
    public void lockAndBump() {
        lock();
        jdbc.sql("update pool_state set generation = generation + 1 where id = 1").update();
    }

    public List<Stored> all() {
        return jdbc.sql("select * from pool_endpoints order by name").query(this::map).list();
    }

    public Optional<Stored> find(String name) {
        return jdbc.sql("select * from pool_endpoints where name = ?").param(name).query(this::map).optional();
    }

    public void insert(EndpointSpec s, Instant now) {
        jdbc.sql("""
                insert into pool_endpoints (name, region, endpoint_url, credentials_type, credentials_json, weight, tier, enabled,
                  profile_prefix, model_prefixes, models, source, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.name(), s.region(), s.endpointUrl(), s.credentials().type(), credentialsJson(s), s.weight(), s.tier().wire(),
                        s.enabled(), s.profilePrefix(), JSON.writeValueAsString(s.modelPrefixes()), modelsJson(s.models()), s.source(),
                        Db.ts(now), Db.ts(now))
                .update();
    }

    public void update(EndpointSpec s, Instant now) {
        jdbc.sql("""
                update pool_endpoints set region = ?, endpoint_url = ?, credentials_type = ?, credentials_json = ?, weight = ?, tier = ?,
                  enabled = ?, profile_prefix = ?, model_prefixes = ?, models = ?, source = ?, updated_at = ?
                where name = ?""")
                .params(s.region(), s.endpointUrl(), s.credentials().type(), credentialsJson(s), s.weight(), s.tier().wire(), s.enabled(),
                        s.profilePrefix(), JSON.writeValueAsString(s.modelPrefixes()), modelsJson(s.models()), s.source(), Db.ts(now),
                        s.name())
                .update();
    }

    public boolean delete(String name) {
        return jdbc.sql("delete from pool_endpoints where name = ?").param(name).update() > 0;
    }

    public RoutingOverrides routing() {
        Map<String, Strategy> keys = new HashMap<>();
        Map<String, Strategy> teams = new HashMap<>();
        jdbc.sql("select scope, scope_id, strategy from pool_routing").query(rs -> {
            (rs.getString("scope").equals("key") ? keys : teams).put(rs.getString("scope_id"), Strategy.parse(rs.getString("strategy")));
        });
        return new RoutingOverrides(keys, teams);
    }

    public Optional<Strategy> routing(String scope, String id) {
        return jdbc.sql("select strategy from pool_routing where scope = ? and scope_id = ?").params(scope, id)
                .query(String.class).optional().map(Strategy::parse);
    }

    public void saveRouting(String scope, String id, Strategy strategy, Instant now) {
        int updated = jdbc.sql("update pool_routing set strategy = ?, updated_at = ? where scope = ? and scope_id = ?")
                .params(strategy.wire(), Db.ts(now), scope, id).update();
        if (updated == 0) {
            jdbc.sql("insert into pool_routing (scope, scope_id, strategy, updated_at) values (?, ?, ?, ?)")
                    .params(scope, id, strategy.wire(), Db.ts(now)).update();
        }
    }

    public boolean deleteRouting(String scope, String id) {
        return jdbc.sql("delete from pool_routing where scope = ? and scope_id = ?").params(scope, id).update() > 0;
    }

    /** Whether the team or key a routing override names exists. */
    public boolean exists(String scope, String id) {
        String table = scope.equals("team") ? "teams" : "api_keys";
        return jdbc.sql("select count(*) from " + table + " where id = ?").param(id).query(Long.class).single() > 0;
    }

    private String credentialsJson(EndpointSpec s) {
        CredentialsSpec c = s.credentials();
        ObjectNode o = JSON.createObjectNode();
        put(o, "profile", c.profile());
        put(o, "access_key_id", c.accessKeyId());
        put(o, "secret_access_key", secrets.seal(c.secretAccessKey(), s.name()));
        put(o, "session_token", secrets.seal(c.sessionToken(), s.name()));
        put(o, "role_arn", c.roleArn());
        put(o, "external_id", c.externalId());
        put(o, "role_session_name", c.roleSessionName());
        return o.toString();
    }

    private static void put(ObjectNode o, String field, String value) {
        if (value != null) o.put(field, value);
    }

    private static String modelsJson(List<ModelEntry> models) {
        var array = JSON.createArrayNode();
        for (ModelEntry m : models) {
            ObjectNode o = array.addObject().put("model", m.model());
            if (m.prefix() != null) o.put("prefix", m.prefix());
        }
        return array.toString();
    }

    private Stored map(ResultSet rs, int row) throws SQLException {
        String name = rs.getString("name");
        JsonNode c = JSON.readTree(rs.getString("credentials_json"));
        CredentialsSpec credentials = new CredentialsSpec(rs.getString("credentials_type"), text(c, "profile"), text(c, "access_key_id"),
                secrets.open(text(c, "secret_access_key"), name), secrets.open(text(c, "session_token"), name), text(c, "role_arn"),
                text(c, "external_id"), text(c, "role_session_name"));
        String prefixes = rs.getString("model_prefixes");
        List<ModelEntry> models = new ArrayList<>();
        String modelsJson = rs.getString("models");
        if (modelsJson != null) {
            for (JsonNode m : JSON.readTree(modelsJson)) models.add(new ModelEntry(text(m, "model"), text(m, "prefix")));
        }
        EndpointSpec spec = new EndpointSpec(name, rs.getString("region"), rs.getString("endpoint_url"), credentials, rs.getInt("weight"),
                Tier.parse(rs.getString("tier")), rs.getBoolean("enabled"), rs.getString("profile_prefix"),
                prefixes == null ? Map.of() : new LinkedHashMap<>(JSON.readValue(prefixes, STRING_MAP)), models, rs.getString("source"));
        return new Stored(spec, Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
