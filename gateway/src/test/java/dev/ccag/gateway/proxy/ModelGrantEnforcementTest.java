package dev.ccag.gateway.proxy;

import static dev.ccag.gateway.admin.AdminHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.admin.AdminHarness;
import dev.ccag.gateway.admin.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A key granted some models reaches only those through the Messages API; others get 403 permission_error. */
class ModelGrantEnforcementTest {

    @Test
    void aKeyIsLimitedToItsGrantedModels() throws Exception {
        try (AdminHarness h = AdminHarness.start(TestDatabase.H2)) {
            var created = h.call("POST", "/admin/v1/me/keys", h.adminKey,
                    json("name", "haiku-only", "allowed_models", List.of("claude-haiku-*")));
            assertThat(created.status()).isEqualTo(201);
            String key = created.json().get("key").asString();

            HttpResponse<String> haiku = send(h.base, key, "claude-haiku-4-5");
            assertThat(haiku.statusCode()).isEqualTo(200);

            HttpResponse<String> sonnet = send(h.base, key, "claude-sonnet-4-5");
            assertThat(sonnet.statusCode()).isEqualTo(403);
            assertThat(sonnet.body()).contains("\"type\":\"permission_error\"").contains("claude-sonnet-4-5");
            assertThat(h.emulator.requests()).hasSize(1); // the refused call never reached Bedrock

            assertThat(send(h.base, h.adminKey, "claude-sonnet-4-5").statusCode()).isEqualTo(200); // no grant: every model
        }
    }

    private static HttpResponse<String> send(URI base, String key, String model) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/v1/messages"))
                .header("content-type", "application/json").header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
