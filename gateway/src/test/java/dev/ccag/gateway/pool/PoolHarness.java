package dev.ccag.gateway.pool;

import dev.ccag.emulator.BedrockEmulator;
import dev.ccag.emulator.EmulatorSettings;
import dev.ccag.emulator.RecordedRequest;
import dev.ccag.gateway.GatewayApplication;
import dev.ccag.gateway.keys.ApiKeyFormat;
import dev.ccag.gateway.keys.KeyHasher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real gateway in front of three real emulators standing for three regions ({@code us}, {@code eu},
 * {@code ap}), spoken to over loopback HTTP. Which region served a request is read from the
 * emulators' own request logs, by a marker in the prompt.
 */
final class PoolHarness implements AutoCloseable {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final String PEPPER = "pool-test-pepper-0123456789";
    static final String SONNET = "claude-sonnet-4-5-20250929";
    static final List<String> NAMES = List.of("us", "eu", "ap");
    static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-northeast-1");

    final Map<String, BedrockEmulator> emulators = new LinkedHashMap<>();
    final ConfigurableApplicationContext gateway;
    final URI base;
    final String adminKey;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Keys configured by hash (no owner): each is its own routing key, named key-0, key-1, ... */
    final List<String> configuredKeys = new ArrayList<>();
    /** False for a second replica that shares the first one's emulators. */
    private final boolean ownsEmulators;

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /**
     * @param databaseUrl null for H2 in a fresh data dir
     * @param keys        how many keys to configure by hash
     * @param extra       further settings, e.g. {@code ccag.bedrock.endpoints[2].tier=fallback}
     */
    PoolHarness(String databaseUrl, int keys, String... extra) throws Exception {
        this(databaseUrl, Files.createTempDirectory("ccag-pool-test"), keys, startEmulators(), true, extra);
    }

    /** Another replica on the same database and emulators (and the same configured keys, by name). */
    PoolHarness replica() throws Exception {
        return new PoolHarness(databaseUrl, Files.createTempDirectory("ccag-pool-replica"), configuredKeys, emulators, false, adminKey, extra);
    }

    private final String databaseUrl;
    private final String[] extra;

    PoolHarness(String databaseUrl, Path data, int keys, Map<String, BedrockEmulator> emulators, boolean ownsEmulators, String... extra)
            throws Exception {
        this(databaseUrl, data, generateKeys(keys), emulators, ownsEmulators, ApiKeyFormat.generate(), extra);
    }

    private static List<String> generateKeys(int n) {
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < n; k++) keys.add("sk-ccag-pool-test-" + k + "-" + UUID.randomUUID());
        return keys;
    }

    private PoolHarness(String databaseUrl, Path data, List<String> keys, Map<String, BedrockEmulator> emulators, boolean ownsEmulators,
            String adminKey, String... extra) throws Exception {
        this.databaseUrl = databaseUrl;
        this.extra = extra;
        this.adminKey = adminKey;
        this.ownsEmulators = ownsEmulators;
        this.emulators.putAll(emulators);
        List<String> props = new ArrayList<>(List.of(
                "server.port=0",
                "spring.config.import=optional:file:" + data.resolve("none.yaml"),
                "ccag.data-dir=" + data,
                "ccag.auth.pepper=" + PEPPER,
                "ccag.auth.bootstrap-key=" + adminKey,
                "ccag.pool.refresh-interval=200ms"));
        int i = 0;
        for (Map.Entry<String, BedrockEmulator> e : emulators.entrySet()) {
            props.addAll(endpoint(i, e.getKey(), REGIONS.get(i), e.getValue()));
            i++;
        }
        KeyHasher hasher = new KeyHasher(PEPPER.getBytes(StandardCharsets.UTF_8));
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            configuredKeys.add(key);
            props.add("ccag.auth.keys[" + k + "].name=key-" + k);
            props.add("ccag.auth.keys[" + k + "].hash=" + hasher.hash(key));
        }
        if (databaseUrl != null) props.add("spring.datasource.url=" + databaseUrl);
        props.addAll(List.of(extra));
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run(props.stream().map(p -> "--" + p).toArray(String[]::new));
        base = URI.create("http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port"));
    }

    static Map<String, BedrockEmulator> startEmulators() {
        Map<String, BedrockEmulator> m = new LinkedHashMap<>();
        for (String name : NAMES) m.put(name, BedrockEmulator.start(EmulatorSettings.defaults().withRequestLogSize(20_000)));
        return m;
    }

    static List<String> endpoint(int i, String name, String region, BedrockEmulator e) {
        String p = "ccag.bedrock.endpoints[" + i + "].";
        return List.of(p + "name=" + name, p + "region=" + region, p + "endpoint-url=" + e.endpoint(),
                p + "credentials.type=static", p + "credentials.access-key-id=" + e.accessKeyId(),
                p + "credentials.secret-access-key=" + e.secretAccessKey());
    }

    BedrockEmulator emulator(String name) {
        return emulators.get(name);
    }

    void resetEmulators() {
        emulators.values().forEach(BedrockEmulator::reset);
    }

    /** A Messages call; {@code text} should carry a unique marker when the test asks who served it. */
    Response message(String key, String model, String text, boolean stream) throws Exception {
        String body = """
                {"model":"%s","max_tokens":64,"stream":%s,"messages":[{"role":"user","content":"%s"}]}"""
                .formatted(model, stream, text.replace("\"", "\\\""));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/messages")).timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01").header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r);
    }

    /** Sends one marked request and returns which regions received it, in no particular order. */
    List<String> route(String key) throws Exception {
        String marker = "m-" + UUID.randomUUID();
        Response r = message(key, SONNET, "hello " + marker, false);
        if (r.status() != 200) throw new AssertionError("expected 200, got " + r.status() + " " + r.body());
        return receivedBy(marker);
    }

    /** The one region that served a marked request that succeeded on the first attempt. */
    String home(String key) throws Exception {
        List<String> got = route(key);
        if (got.size() != 1) throw new AssertionError("expected one attempt, got " + got);
        return got.getFirst();
    }

    List<String> receivedBy(String marker) {
        List<String> out = new ArrayList<>();
        emulators.forEach((name, e) -> {
            for (RecordedRequest r : e.requests()) {
                if (r.rawBody() != null && new String(r.rawBody(), StandardCharsets.UTF_8).contains(marker)) out.add(name);
            }
        });
        return out;
    }

    /** The requests one region's emulator received that carry the marker. */
    List<RecordedRequest> requestsWith(String region, String marker) {
        return emulator(region).requests().stream()
                .filter(r -> r.rawBody() != null && new String(r.rawBody(), StandardCharsets.UTF_8).contains(marker)).toList();
    }

    Response call(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("content-type", "application/json");
        if (key != null) b.header("Authorization", "Bearer " + key);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r);
    }

    /** Calls as the admin and insists on a 2xx answer. */
    JsonNode admin(String method, String path, String json) throws Exception {
        Response r = call(method, path, adminKey, json);
        if (r.status() / 100 != 2) throw new AssertionError(method + " " + path + " -> " + r.status() + " " + r.body());
        return r.body().isEmpty() ? null : r.json();
    }

    /** A DB key of a new user (optionally in a team): {id, plaintext}. Waits until the gateway accepts it. */
    String[] userKey(String teamId) throws Exception {
        String user = admin("POST", "/admin/v1/users", json("email", "u-" + UUID.randomUUID() + "@example.test")).get("id").asString();
        if (teamId != null) admin("POST", "/admin/v1/teams/" + teamId + "/members", json("user_id", user));
        return keyFor(user, teamId);
    }

    String[] keyFor(String user, String teamId) throws Exception {
        JsonNode k = admin("POST", "/admin/v1/keys", teamId == null ? json("name", "k", "owner_user_id", user)
                : json("name", "k", "owner_user_id", user, "team_id", teamId));
        String key = k.get("key").asString();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (call("GET", "/admin/v1/me", key, null).status() != 200) {
            if (System.nanoTime() > deadline) throw new AssertionError("key never became known");
            Thread.sleep(50);
        }
        return new String[] {k.get("api_key").get("id").asString(), key};
    }

    JdbcTemplate db() {
        return gateway.getBean(JdbcTemplate.class);
    }

    /** Health status of an endpoint as the admin API reports it (null when it has none, i.e. disabled). */
    String status(String endpoint) throws Exception {
        JsonNode state = admin("GET", "/admin/v1/endpoints/" + endpoint, null).get("state");
        return state == null ? null : state.get("status").asString();
    }

    void awaitStatus(String endpoint, String status) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!status.equals(status(endpoint))) {
            if (System.nanoTime() > deadline) throw new AssertionError(endpoint + " never became " + status + "; is " + status(endpoint));
            Thread.sleep(20);
        }
    }

    static String json(Object... pairs) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) node.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
        return node.toString();
    }

    @Override
    public void close() {
        gateway.close();
        if (ownsEmulators) emulators.values().forEach(BedrockEmulator::close);
    }
}
