package dev.ccag.gateway.pool;

import static dev.ccag.gateway.pool.PoolHarness.SONNET;
import static dev.ccag.gateway.pool.PoolHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.admin.TestDatabase;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * The endpoint admin API on a real database (H2 and PostgreSQL): changes at run time while requests
 * are in flight (none dropped), RFC 7807 problems that change nothing, audit, secrets never shown or
 * stored in clear, and a second replica picking changes up from the table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class PoolAdminApiTest {
    private static final String EMULATOR_SECRET = dev.ccag.emulator.EmulatorSettings.DEFAULT_SECRET_ACCESS_KEY;
    private PoolHarness h;
    private String url;

    abstract TestDatabase database();

    @BeforeAll
    void start() throws Exception {
        url = database().newDatabaseUrl(Files.createTempDirectory("ccag-pool-db"));
        h = new PoolHarness(url, 30, "logging.level.dev.ccag=DEBUG", "logging.level.org.springframework.web=DEBUG",
                "logging.level.org.springframework.jdbc=DEBUG");
    }

    @AfterAll
    void stop() {
        if (h != null) h.close();
    }

    /** Every test leaves the three YAML endpoints as configured (equal primaries, enabled) and nothing else. */
    @AfterEach
    void restore() throws Exception {
        for (JsonNode e : h.admin("GET", "/admin/v1/endpoints", null).get("data")) {
            String name = e.get("name").asString();
            if (PoolHarness.NAMES.contains(name)) {
                if (!e.get("enabled").asBoolean() || e.get("weight").asInt() != 1 || !e.get("tier").asString().equals("primary")) {
                    h.admin("PATCH", "/admin/v1/endpoints/" + name, json("enabled", true, "weight", 1, "tier", "primary"));
                }
            } else {
                h.admin("DELETE", "/admin/v1/endpoints/" + name, null);
            }
        }
        h.resetEmulators();
    }

    @Test
    void yamlEndpointsAreListedWithoutSecrets() throws Exception {
        JsonNode list = h.admin("GET", "/admin/v1/endpoints", null);
        assertThat(list.get("data")).extracting(e -> e.get("name").asString()).containsExactly("ap", "eu", "us");
        assertThat(list.get("next_cursor").isNull()).isTrue();
        JsonNode us = h.admin("GET", "/admin/v1/endpoints/us", null);
        assertThat(us.get("region").asString()).isEqualTo("us-east-1");
        assertThat(us.get("source").asString()).isEqualTo("config");
        assertThat(us.get("tier").asString()).isEqualTo("primary");
        assertThat(us.get("credentials").get("type").asString()).isEqualTo("static");
        assertThat(us.get("credentials").get("access_key_id").asString()).isEqualTo("****0001");
        assertThat(us.get("credentials").get("secret_access_key_stored").asBoolean()).isTrue();
        assertThat(us.get("state").get("status").asString()).isEqualTo("healthy");
        assertThat(list.toString() + us).doesNotContain(EMULATOR_SECRET).doesNotContain(h.emulator("us").accessKeyId());
        // in the table the secret is a ciphertext
        String stored = h.db().queryForObject("select credentials_json from pool_endpoints where name = 'us'", String.class);
        assertThat(stored).contains("\"secret_access_key\":\"enc:v1:").doesNotContain(EMULATOR_SECRET);
    }

    @Test
    void endpointsChangeAtRunTimeWhileRequestsAreInFlightAndNoneIsDropped() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        List<Future<?>> work = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // long streams that span every change below
            for (int i = 0; i < 12; i++) {
                String key = h.configuredKeys.get(i);
                work.add(pool.submit(() -> {
                    PoolHarness.Response r = h.message(key, SONNET, "[[emu:chunks 30]] [[emu:pace 60]] slow", true);
                    outcomes.merge(r.status() == 200 && r.body().contains("event: message_stop") ? "stream ok" : "stream " + r.status(), 1,
                            Integer::sum);
                    return null;
                }));
            }
            // and short requests all the time
            for (int t = 0; t < 3; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    int i = 0;
                    while (!stop.get()) {
                        PoolHarness.Response r = h.message(h.configuredKeys.get(12 + (thread * 5 + i++) % 18), SONNET, "short", false);
                        outcomes.merge(r.status() == 200 ? "short ok" : "short " + r.status() + " " + r.body(), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            Thread.sleep(300);
            JsonNode created = h.admin("POST", "/admin/v1/endpoints", json("name", "us-west", "region", "us-west-2",
                    "endpoint_url", h.emulator("us").endpoint().toString(), "weight", 2,
                    "credentials", Map.of("type", "static", "access_key_id", h.emulator("us").accessKeyId(),
                            "secret_access_key", EMULATOR_SECRET),
                    "models", List.of(Map.of("model", "claude-sonnet-*", "prefix", "us"))));
            assertThat(created.get("source").asString()).isEqualTo("admin");
            assertThat(created.get("state").get("status").asString()).isEqualTo("healthy");
            Thread.sleep(200);
            JsonNode patched = h.admin("PATCH", "/admin/v1/endpoints/eu", json("weight", 7, "tier", "fallback"));
            assertThat(patched.get("weight").asInt()).isEqualTo(7);
            assertThat(patched.get("tier").asString()).isEqualTo("fallback");
            assertThat(patched.get("source").asString()).as("an admin change takes the endpoint over from the YAML").isEqualTo("admin");
            Thread.sleep(200);
            JsonNode disabled = h.admin("POST", "/admin/v1/endpoints/ap/disable", null);
            assertThat(disabled.get("enabled").asBoolean()).isFalse();
            assertThat(disabled.has("state")).isFalse();
            Thread.sleep(300);
            stop.set(true);
            for (Future<?> f : work) f.get();
        }
        assertThat(outcomes.keySet()).as(outcomes.toString()).containsOnly("stream ok", "short ok");
        assertThat(outcomes.get("stream ok")).isEqualTo(12);
        assertThat(outcomes.get("short ok")).isGreaterThan(10);

        // now: ap takes nothing, eu (fallback) nothing while primaries are healthy; the new endpoint takes its share
        h.resetEmulators();
        Set<String> served = new HashSet<>();
        for (String key : h.configuredKeys) {
            List<String> got = h.route(key);
            served.addAll(got);
        }
        assertThat(served).containsExactlyInAnyOrder("us"); // us and us-west both live on the us emulator
        long onWest = h.emulator("us").requests().stream().filter(r -> r.modelId().equals("us.anthropic.claude-sonnet-4-5-20250929-v1:0")).count();
        assertThat(onWest).isEqualTo(h.configuredKeys.size());

        List<String> actions = new ArrayList<>();
        for (JsonNode a : h.admin("GET", "/admin/v1/audit?resource_type=endpoint&limit=1000", null).get("data")) {
            actions.add(a.get("action").asString() + " " + a.get("resource_id").asString());
        }
        assertThat(actions).contains("endpoint.create us-west", "endpoint.update eu", "endpoint.disable ap");
    }

    @Test
    void badInputIsAnRfc7807ProblemAndChangesNothing() throws Exception {
        String team = h.admin("POST", "/admin/v1/teams", json("name", "t-" + UUID.randomUUID())).get("id").asString();
        String before = h.admin("GET", "/admin/v1/endpoints", null).toString().replaceAll("\"state\":\\{[^}]*}", "");
        long audits = h.db().queryForObject("select count(*) from audit_log", Long.class);
        long generation = h.db().queryForObject("select generation from pool_state", Long.class);
        String ok = "\"name\":\"new-one\",\"region\":\"us-west-2\"";
        Object[][] cases = {
                {"POST", "/admin/v1/endpoints", "{}", 400, "name:"},
                {"POST", "/admin/v1/endpoints", "{", 400, null},
                {"POST", "/admin/v1/endpoints", "[]", 400, "must be a JSON object"},
                {"POST", "/admin/v1/endpoints", "{\"name\":\"bad name!\",\"region\":\"us-west-2\"}", 400, "name:"},
                {"POST", "/admin/v1/endpoints", "{\"name\":\"x\",\"region\":\"mars-1\"}", 400, "region:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"weight\":0}", 400, "weight:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"weight\":5000}", 400, "weight:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"weight\":\"2\"}", 400, "weight:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"tier\":\"gold\"}", 400, "tier:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"wieght\":2}", 400, "wieght: unknown field"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"enabled\":\"yes\"}", 400, "enabled:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"endpoint_url\":\"ftp://x\"}", 400, "endpoint_url:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"profile_prefix\":\"U S\"}", 400, "profile_prefix:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"models\":\"claude\"}", 400, "models:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"models\":[{\"model\":\"\"}]}", 400, "models[0].model:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"models\":[{\"model\":\"claude-*\",\"prefix\":\"US!\"}]}", 400, "models[0].prefix:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"models\":[{\"model\":\"claude-*\",\"weight\":1}]}", 400, "models[0].weight: unknown"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"credentials\":{\"type\":\"magic\"}}", 400, "credentials.type:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"credentials\":{\"type\":\"static\",\"access_key_id\":\"AKID\"}}", 400,
                        "credentials.secret_access_key:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"credentials\":{\"type\":\"profile\"}}", 400, "credentials.profile:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"credentials\":{\"type\":\"assume-role\",\"role_arn\":\"nope\"}}", 400,
                        "credentials.role_arn:"},
                {"POST", "/admin/v1/endpoints", "{" + ok + ",\"credentials\":{\"type\":\"static\",\"secret\":\"s\"}}", 400,
                        "credentials.secret: unknown field"},
                {"POST", "/admin/v1/endpoints", "{\"name\":\"us\",\"region\":\"us-east-1\"}", 409, "exists"},
                {"GET", "/admin/v1/endpoints/nope", null, 404, "not found"},
                {"PATCH", "/admin/v1/endpoints/nope", "{\"weight\":2}", 404, "not found"},
                {"PATCH", "/admin/v1/endpoints/us", "{\"name\":\"other\"}", 400, "cannot be renamed"},
                {"PATCH", "/admin/v1/endpoints/us", "{\"weight\":-1}", 400, "weight:"},
                {"PATCH", "/admin/v1/endpoints/us", "{\"region\":\"\"}", 400, "region:"},
                {"PATCH", "/admin/v1/endpoints/us", "{\"credentials\":{\"type\":\"static\"}}", 400, "credentials.access_key_id:"},
                {"POST", "/admin/v1/endpoints/nope/disable", null, 404, "not found"},
                {"DELETE", "/admin/v1/endpoints/nope", null, 404, "not found"},
                {"GET", "/admin/v1/endpoints?limit=0", null, 400, "limit:"},
                {"PUT", "/admin/v1/routing/teams/" + UUID.randomUUID(), "{\"strategy\":\"sticky\"}", 404, "not found"},
                {"PUT", "/admin/v1/routing/teams/" + team, "{\"strategy\":\"random\"}", 400, "strategy:"},
                {"PUT", "/admin/v1/routing/teams/" + team, "{\"strategy\":\"sticky\",\"x\":1}", 400, "strategy"},
                {"PUT", "/admin/v1/routing/planets/" + team, "{\"strategy\":\"sticky\"}", 404, "teams or keys"},
                {"DELETE", "/admin/v1/routing/teams/" + team, null, 404, "no routing override"},
        };
        for (Object[] c : cases) {
            PoolHarness.Response r = h.call((String) c[0], (String) c[1], h.adminKey, (String) c[2]);
            String what = c[0] + " " + c[1] + " " + c[2];
            assertThat(r.status()).as(what + " -> " + r.body()).isEqualTo((int) c[3]);
            assertThat(r.header("content-type")).as(what).startsWith("application/problem+json");
            JsonNode problem = r.json();
            assertThat(problem.get("status").asInt()).isEqualTo((int) c[3]);
            assertThat(problem.has("title")).isTrue();
            assertThat(problem.get("request_id").asString()).isEqualTo(r.header("request-id"));
            if (c[4] != null) assertThat(problem.get("detail").asString()).as(what).contains((String) c[4]);
        }
        assertThat(h.admin("GET", "/admin/v1/endpoints", null).toString().replaceAll("\"state\":\\{[^}]*}", "")).isEqualTo(before);
        assertThat(h.db().queryForObject("select count(*) from audit_log", Long.class)).isEqualTo(audits);
        assertThat(h.db().queryForObject("select generation from pool_state", Long.class)).isEqualTo(generation);
        assertThat(h.db().queryForObject("select count(*) from pool_routing", Long.class)).isZero();
    }

    @Test
    void theLastEnabledEndpointCannotBeDisabledOrDeleted() throws Exception {
        h.admin("POST", "/admin/v1/endpoints/us/disable", null);
        h.admin("POST", "/admin/v1/endpoints/eu/disable", null);
        PoolHarness.Response r = h.call("POST", "/admin/v1/endpoints/ap/disable", h.adminKey, null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("detail").asString()).contains("no enabled endpoint");
        assertThat(h.call("DELETE", "/admin/v1/endpoints/ap", h.adminKey, null).status()).isEqualTo(409);
        assertThat(h.call("PATCH", "/admin/v1/endpoints/ap", h.adminKey, "{\"enabled\":false}").status()).isEqualTo(409);
        assertThat(h.admin("GET", "/admin/v1/endpoints/ap", null).get("enabled").asBoolean()).isTrue();
        for (String key : h.configuredKeys.subList(0, 5)) assertThat(h.route(key)).containsExactly("ap");
    }

    @Test
    void secretsAreNeverReturnedLoggedOrStoredInClear(CapturedOutput output) throws Exception {
        String secret = "Secret-" + UUID.randomUUID();
        String token = "Token-" + UUID.randomUUID();
        String keyId = "AKIDPOOLTEST" + (int) (Math.random() * 9000 + 1000);
        StringBuilder responses = new StringBuilder();
        responses.append(h.admin("POST", "/admin/v1/endpoints", json("name", "secretive", "region", "eu-central-1", "enabled", false,
                "endpoint_url", "http://127.0.0.1:9", "credentials",
                Map.of("type", "static", "access_key_id", keyId, "secret_access_key", secret, "session_token", token))));
        responses.append(h.admin("PATCH", "/admin/v1/endpoints/secretive", json("weight", 3)));
        responses.append(h.admin("GET", "/admin/v1/endpoints/secretive", null));
        responses.append(h.admin("GET", "/admin/v1/endpoints", null));
        responses.append(h.admin("GET", "/admin/v1/audit?resource_type=endpoint&limit=1000", null));
        // a bad request that carries the secret must not echo it either
        responses.append(h.call("POST", "/admin/v1/endpoints", h.adminKey, json("name", "bad!", "region", "eu-central-1",
                "credentials", Map.of("type", "static", "access_key_id", keyId, "secret_access_key", secret))).body());
        JsonNode view = h.admin("GET", "/admin/v1/endpoints/secretive", null).get("credentials");
        assertThat(view.get("access_key_id").asString()).isEqualTo("****" + keyId.substring(keyId.length() - 4));
        assertThat(view.get("secret_access_key_stored").asBoolean()).isTrue();
        assertThat(view.get("session_token_stored").asBoolean()).isTrue();
        assertThat(responses.toString()).contains("secretive").contains("endpoint.update")
                .doesNotContain(secret).doesNotContain(token).doesNotContain(keyId).doesNotContain(EMULATOR_SECRET);

        StringBuilder tables = new StringBuilder();
        for (String table : List.of("pool_endpoints", "audit_log", "pool_routing", "pool_state")) {
            for (Map<String, Object> row : h.db().queryForList("select * from " + table)) tables.append(row);
        }
        assertThat(tables.toString()).contains("secretive").contains("enc:v1:")
                .doesNotContain(secret).doesNotContain(token).doesNotContain(EMULATOR_SECRET);
        assertThat(output.getAll()).contains("/admin/v1/endpoints").doesNotContain(secret).doesNotContain(token);
    }

    @Test
    void aSecondReplicaPicksUpAChangeFromTheTable() throws Exception {
        try (PoolHarness b = h.replica()) {
            assertThat(b.admin("GET", "/admin/v1/endpoints", null).get("data")).hasSize(3);
            String onEu = null;
            for (String key : b.configuredKeys) {
                if (b.home(key).equals("eu")) {
                    onEu = key;
                    break;
                }
            }
            assertThat(onEu).as("some key lives on eu").isNotNull();
            h.admin("POST", "/admin/v1/endpoints/eu/disable", null);
            long deadline = System.nanoTime() + 5_000_000_000L;
            String now;
            while ((now = b.home(onEu)).equals("eu")) {
                assertThat(System.nanoTime()).as("replica b still routes to eu after 5 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(now).isIn("us", "ap");
            assertThat(b.admin("GET", "/admin/v1/endpoints/eu", null).get("enabled").asBoolean()).isFalse();

            // a routing override made on b applies on a
            String[] key = h.userKey(null);
            b.admin("PUT", "/admin/v1/routing/keys/" + key[0], json("strategy", "weighted-round-robin"));
            deadline = System.nanoTime() + 5_000_000_000L;
            while (!h.admin("GET", "/admin/v1/routing", null).toString().contains(key[0])) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(50);
            }
            Set<String> spread = new HashSet<>();
            for (int i = 0; i < 6; i++) spread.add(h.home(key[1]));
            assertThat(spread).containsExactlyInAnyOrder("us", "ap");
            h.admin("DELETE", "/admin/v1/routing/keys/" + key[0], null);
        }
    }
}
