package dev.ccag.gateway.pool;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Zero-config and the YAML across restarts on one data dir: with no endpoint configured the AWS
 * environment's endpoint serves (as before the pool); YAML endpoints are written into the table and
 * follow the YAML on each start (removed when the YAML drops them) until an admin changes them.
 */
class PoolConfigSyncTest {
    private final String adminKey = ApiKeyFormat.generate();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void zeroConfigThenYamlThenAdminOwnership() throws Exception {
        Path data = Files.createTempDirectory("ccag-pool-sync");
        try (BedrockEmulator a = BedrockEmulator.start(); BedrockEmulator b = BedrockEmulator.start()) {
            try (ConfigurableApplicationContext g = start(data)) {
                JsonNode list = get(g, "/admin/v1/endpoints").get("data");
                assertThat(list).hasSize(1);
                assertThat(list.get(0).get("name").asString()).isEqualTo("default");
                assertThat(list.get(0).get("source").asString()).isEqualTo("environment");
                assertThat(list.get(0).get("credentials").get("type").asString()).isEqualTo("default");
                assertThat(send(g, "PATCH", "/admin/v1/endpoints/default", "{\"weight\":2}").statusCode()).isEqualTo(409);
                // an added endpoint replaces the environment's
                assertThat(send(g, "POST", "/admin/v1/endpoints", PoolHarness.json("name", "emu", "region", "us-east-1",
                        "endpoint_url", a.endpoint().toString(), "credentials", Map.of("type", "static",
                                "access_key_id", a.accessKeyId(), "secret_access_key", a.secretAccessKey()))).statusCode()).isEqualTo(201);
                assertThat(names(g)).containsExactly("emu");
                HttpResponse<String> r = send(g, "POST", "/v1/messages",
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(a.requests()).hasSize(1);
            }
            try (ConfigurableApplicationContext g = start(data, endpoint(0, "us", a, 1), endpoint(1, "eu", b, 1))) {
                assertThat(names(g)).containsExactly("emu", "eu", "us");
                assertThat(get(g, "/admin/v1/endpoints/us").get("source").asString()).isEqualTo("config");
                assertThat(send(g, "PATCH", "/admin/v1/endpoints/eu", "{\"weight\":3}").statusCode()).isEqualTo(200);
            }
            try (ConfigurableApplicationContext g = start(data, endpoint(0, "us", a, 2))) {
                assertThat(names(g)).as("eu left the YAML but an admin owns it now").containsExactly("emu", "eu", "us");
                assertThat(get(g, "/admin/v1/endpoints/us").get("weight").asInt()).as("config rows follow the YAML").isEqualTo(2);
                assertThat(get(g, "/admin/v1/endpoints/eu").get("weight").asInt()).isEqualTo(3);
                JsonNode audit = get(g, "/admin/v1/audit?resource_type=endpoint&resource_id=us");
                assertThat(audit.toString()).contains("endpoint.update").contains("system");
            }
            try (ConfigurableApplicationContext g = start(data)) {
                assertThat(names(g)).as("the YAML no longer lists us").containsExactly("emu", "eu");
            }
        }
    }

    private static List<String> endpoint(int i, String name, BedrockEmulator e, int weight) {
        List<String> p = new ArrayList<>(PoolHarness.endpoint(i, name, "us-east-1", e));
        p.add("ccag.bedrock.endpoints[" + i + "].weight=" + weight);
        return p;
    }

    @SafeVarargs
    private ConfigurableApplicationContext start(Path data, List<String>... endpoints) {
        List<String> props = new ArrayList<>(List.of("server.port=0", "spring.config.import=optional:file:" + data.resolve("none.yaml"),
                "ccag.data-dir=" + data, "ccag.auth.pepper=" + PoolHarness.PEPPER, "ccag.auth.bootstrap-key=" + adminKey));
        for (List<String> e : endpoints) props.addAll(e);
        return new SpringApplicationBuilder(GatewayApplication.class).run(props.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    private List<String> names(ConfigurableApplicationContext g) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode e : get(g, "/admin/v1/endpoints").get("data")) names.add(e.get("name").asString());
        return names;
    }

    private JsonNode get(ConfigurableApplicationContext g, String path) throws Exception {
        HttpResponse<String> r = send(g, "GET", path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return PoolHarness.JSON.readTree(r.body());
    }

    private HttpResponse<String> send(ConfigurableApplicationContext g, String method, String path, String json) throws Exception {
        URI base = URI.create("http://127.0.0.1:" + g.getEnvironment().getProperty("local.server.port"));
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminKey).header("anthropic-version", "2023-06-01")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("content-type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
