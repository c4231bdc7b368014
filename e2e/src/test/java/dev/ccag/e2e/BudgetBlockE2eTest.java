package dev.ccag.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An exhausted budget as the real Claude Code CLI meets it: the CLI prints the gateway's message
 * (budget, spend, reset) and stops, instead of retrying the 429 in a loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BudgetBlockE2eTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private GatewayStack stack;
    private ClaudeCli cli;

    @BeforeAll
    void start() {
        cli = ClaudeCli.locate();
        stack = GatewayStack.start();
    }

    @AfterAll
    void stop() {
        if (stack != null) stack.close();
    }

    private HttpResponse<String> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + stack.key()).header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCliShowsTheBudgetMessageAndDoesNotRetry() throws Exception {
        HttpResponse<String> budget = call("POST", "/admin/v1/budgets",
                "{\"name\":\"e2e monthly cap\",\"scope\":\"deployment\",\"period\":\"monthly\",\"limit_micros\":1,"
                        + "\"actions\":[{\"type\":\"block\",\"at\":100}]}");
        assertThat(budget.statusCode()).as(budget.body()).isEqualTo(201);
        // one request spends past the one-micro-dollar limit
        assertThat(call("POST", "/v1/messages", "{\"model\":\"" + SdkClients.MODEL
                + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"spend\"}]}").statusCode()).isEqualTo(200);
        stack.emulator().reset();

        ClaudeCli.Result result = cli.against(stack.baseUrl(), stack.key())
                .exec("-p", "[[emu:text SHOULD-NOT-APPEAR]]", "--model", SdkClients.MODEL);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr()).as(result.describe())
                .contains("Budget exceeded").contains("'e2e monthly cap'").contains("resets at")
                .doesNotContain("SHOULD-NOT-APPEAR");
        assertThat(stack.emulator().requests()).as("no refused request reached Bedrock").isEmpty();

        // the ledger records each refusal: one attempt, not a retry loop
        long refusals = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode records = JsonMapper.builder().build().readTree(call("GET", "/admin/v1/usage/records?limit=1000", null).body());
            refusals = 0;
            for (JsonNode r : records.get("data")) {
                if (r.get("status").asInt() == 429) refusals++;
            }
            if (refusals > 0) break;
            Thread.sleep(100);
        }
        assertThat(refusals).as(result.describe()).isBetween(1L, 2L);
    }
}
