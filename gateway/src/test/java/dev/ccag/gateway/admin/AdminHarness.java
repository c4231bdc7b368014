package dev.ccag.gateway.admin;

import dev.ccag.emulator.BedrockEmulator;
import dev.ccag.gateway.GatewayApplication;
import dev.ccag.gateway.keys.ApiKeyFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A real gateway on a given database in front of the real emulator, spoken to over HTTP. */
public final class AdminHarness implements AutoCloseable {
    public static final ObjectMapper JSON = JsonMapper.builder().build();
    static final String PEPPER = "test-pepper-0123456789abcdef";

    public final String adminKey;
    public final BedrockEmulator emulator;
    public final ConfigurableApplicationContext gateway;
    public final URI base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** @param databaseUrl null for the default H2 file in a fresh data dir */
    public AdminHarness(String databaseUrl, String adminKey, String... extra) throws Exception {
        this(databaseUrl, adminKey, Files.createTempDirectory("ccag-admin-test"), extra);
    }

    /** @param adminKey the configured bootstrap key, or null to let the gateway find or generate one */
    public AdminHarness(String databaseUrl, String adminKey, Path data, String... extra) throws Exception {
        this.adminKey = adminKey;
        emulator = BedrockEmulator.start();
        List<String> props = new ArrayList<>(List.of(
                "server.port=0",
                "spring.config.import=optional:file:" + data.resolve("none.yaml"),
                "ccag.data-dir=" + data,
                "ccag.auth.pepper=" + PEPPER,
                "ccag.bedrock.endpoints[0].name=emulator",
                "ccag.bedrock.endpoints[0].region=us-east-1",
                "ccag.bedrock.endpoints[0].endpoint-url=" + emulator.endpoint(),
                "ccag.bedrock.endpoints[0].credentials.type=static",
                "ccag.bedrock.endpoints[0].credentials.access-key-id=" + emulator.accessKeyId(),
                "ccag.bedrock.endpoints[0].credentials.secret-access-key=" + emulator.secretAccessKey()));
        if (adminKey != null) {
            props.add("ccag.auth.bootstrap-key=" + adminKey);
        }
        if (databaseUrl != null) {
            props.add("spring.datasource.url=" + databaseUrl);
        }
        props.addAll(List.of(extra));
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run(props.stream().map(p -> "--" + p).toArray(String[]::new));
        base = URI.create("http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port"));
    }

    public static AdminHarness start(TestDatabase db, String... extra) throws Exception {
        return new AdminHarness(db.newDatabaseUrl(Files.createTempDirectory("ccag-db")), ApiKeyFormat.generate(), extra);
    }

    /** Any method, with the key in {@code Authorization: Bearer} (null: no key) and an optional JSON body. */
    public Response call(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("content-type", "application/json");
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r);
    }

    /** Calls as the admin and insists on a 2xx answer. */
    public JsonNode admin(String method, String path, String json) throws Exception {
        Response r = call(method, path, adminKey, json);
        if (r.status() / 100 != 2) {
            throw new AssertionError(method + " " + path + " -> " + r.status() + " " + r.body());
        }
        return r.body().isEmpty() ? null : r.json();
    }

    /** A Messages API call through the proxy, with {@code x-api-key}. */
    public int message(String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/messages")).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01").header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"claude-sonnet-4-5-20250929","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}"""))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    public static String json(Object... pairs) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
        }
        return node.toString();
    }

    @Override
    public void close() {
        gateway.close();
        emulator.close();
    }
}
