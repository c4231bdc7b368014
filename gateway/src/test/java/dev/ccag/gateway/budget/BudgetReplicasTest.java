package dev.ccag.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.admin.AdminHarness;
import dev.ccag.gateway.admin.TestDatabase;
import dev.ccag.gateway.keys.ApiKeyFormat;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two gateways on one database: spend through one replica exhausts the budget on the other within a
 * few refreshes, and the threshold crossing both of them notice is notified once.
 */
abstract class BudgetReplicasTest {
    abstract TestDatabase database();

    @Test
    void spendOnOneReplicaBlocksOnTheOtherAndThresholdsNotifyOnce() throws Exception {
        String url = database().newDatabaseUrl(Files.createTempDirectory("ccag-budget-replicas"));
        String adminKey = ApiKeyFormat.generate();
        String[] settings = {"ccag.budget.refresh-interval=100ms", "ccag.usage.batch-interval=20ms"};
        try (AdminHarness a = new AdminHarness(url, adminKey, settings); AdminHarness b = new AdminHarness(url, adminKey, settings)) {
            String user = a.admin("POST", "/admin/v1/users", AdminHarness.json("email", "replicas@example.test")).get("id").asString();
            String key = a.admin("POST", "/admin/v1/keys", AdminHarness.json("name", "k", "owner_user_id", user)).get("key").asString();
            JsonNode budget = a.admin("POST", "/admin/v1/budgets", "{\"name\":\"shared\",\"scope\":\"user\",\"scope_id\":\"" + user
                    + "\",\"period\":\"daily\",\"limit_micros\":1,\"actions\":[{\"type\":\"notify\",\"at\":50},{\"type\":\"block\",\"at\":100}]}");
            String id = budget.get("id").asString();
            HttpClient http = HttpClient.newHttpClient();

            // replica B learns of the budget and the key from the database
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (send(http, b, key, "warm").statusCode() == 401 && System.nanoTime() < deadline) Thread.sleep(50);
            // B admitted that one (nothing was spent yet) and spent past the limit; A refuses once B's record is stored
            HttpResponse<String> onA = null;
            deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                onA = send(http, a, key, "on A");
                if (onA.statusCode() == 429) break;
                Thread.sleep(100);
            }
            assertThat(onA.statusCode()).as(onA.body()).isEqualTo(429);
            assertThat(onA.headers().firstValue("x-should-retry")).hasValue("false");
            assertThat(send(http, b, key, "on B").statusCode()).isEqualTo(429);

            // both replicas saw the 50% and 100% crossings; each is stored and delivered once
            Thread.sleep(1_000);
            int thresholds = 0;
            int blocks = 0;
            for (JsonNode e : a.admin("GET", "/admin/v1/notifications?limit=1000", null).get("data")) {
                if (!e.toString().contains(id)) continue;
                if (e.get("type").asString().equals("budget.threshold")) thresholds++;
                if (e.get("type").asString().equals("budget.blocked")) blocks++;
            }
            assertThat(thresholds).isEqualTo(1);
            assertThat(blocks).isEqualTo(1);
        }
    }

    private static HttpResponse<String> send(HttpClient http, AdminHarness h, String key, String text) throws Exception {
        return http.send(HttpRequest.newBuilder(h.base.resolve("/v1/messages")).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01").header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":16,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
