package dev.ccag.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.emulator.RecordedRequest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The gateway over real HTTP in front of the real emulator: routes, auth, translation on the wire, relay, errors. */
class ProxyIntegrationTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String SONNET = "claude-sonnet-4-5-20250929";
    private static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GatewayHarness("ccag.proxy.ping-interval=300ms");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void reset() {
        h.emulator.reset();
    }

    @Test
    void nonStreamingMessageIsTranslatedAndAnswered() throws Exception {
        HttpResponse<String> r = h.send(h.post("/v1/messages?beta=true", GatewayHarness.message(SONNET, "hello there", false)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("request-id")).get().asString().startsWith("req_");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("type").asString()).isEqualTo("message");
        assertThat(body.get("content").get(0).get("text").asString()).contains("You said: hello there");
        assertThat(body.get("usage").get("input_tokens").asLong()).isPositive();
        assertThat(r.body()).doesNotContain("amazon-bedrock");

        RecordedRequest sent = h.emulator.lastRequest();
        assertThat(sent.operation()).isEqualTo("invoke");
        assertThat(sent.modelId()).isEqualTo("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
        assertThat(sent.rawPath()).isEqualTo("/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke");
        assertThat(sent.body().has("model")).isFalse();
        assertThat(sent.body().has("stream")).isFalse();
        assertThat(sent.body().get("anthropic_version").asString()).isEqualTo("bedrock-2023-05-31");
        assertThat(sent.header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + h.emulator.accessKeyId() + "/");
    }

    @Test
    void streamingRelaysEveryEventWithAnEventLineAndNoBedrockLeftovers() throws Exception {
        HttpResponse<String> r = h.send(h.post("/v1/messages", GatewayHarness.message(SONNET, "[[emu:chunks 5]] stream please", true)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        List<String[]> events = sse(r.body());
        assertThat(events).extracting(e -> e[0]).containsSubsequence(
                "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(events.stream().filter(e -> e[0].equals("content_block_delta")).count()).isGreaterThanOrEqualTo(5);
        for (String[] e : events) {
            assertThat(JSON.readTree(e[1]).get("type").asString()).isEqualTo(e[0]);
        }
        assertThat(r.body()).doesNotContain("amazon-bedrock").doesNotContain("\"p\":");
        assertThat(h.emulator.lastRequest().operation()).isEqualTo("invoke-with-response-stream");
    }

    @Test
    void bearerTokenAndPathPrefixAndQueryStringAreAccepted() throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(h.base.resolve("/anthropic/v1/messages?beta=true"))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + GatewayHarness.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(GatewayHarness.message(SONNET, "hi", false)));
        assertThat(h.send(req).statusCode()).isEqualTo(200);
    }

    @Test
    void eitherOfTwoDifferentKeysMayBeTheValidOne() throws Exception {
        HttpRequest.Builder req = h.post("/v1/messages", GatewayHarness.message(SONNET, "hi", false))
                .setHeader("x-api-key", "sk-ccag-stale-helper-output")
                .header("authorization", "Bearer " + GatewayHarness.KEY);
        assertThat(h.send(req).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({"none", "sk-ccag-wrong"})
    void missingOrWrongKeyGets401InAnthropicShape(String key) throws Exception {
        HttpRequest.Builder req = h.post("/v1/messages", GatewayHarness.message(SONNET, "hi", false));
        if (key.equals("none")) {
            req = HttpRequest.newBuilder(h.base.resolve("/v1/messages")).POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            req.setHeader("x-api-key", key);
        }
        HttpResponse<String> r = h.send(req);
        assertThat(r.statusCode()).isEqualTo(401);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("type").asString()).isEqualTo("error");
        assertThat(body.get("error").get("type").asString()).isEqualTo("authentication_error");
        assertThat(body.get("request_id").asString()).isEqualTo(r.headers().firstValue("request-id").orElseThrow());
        assertThat(h.emulator.requests()).isEmpty();
    }

    @Test
    void countTokensGoesThroughBedrockCountTokens() throws Exception {
        HttpResponse<String> r = h.send(h.post("/v1/messages/count_tokens?beta=true",
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"count these words please\"}]}")
                .header("anthropic-beta", "token-counting-2024-11-01"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("input_tokens").asLong()).isPositive();
        RecordedRequest sent = h.emulator.lastRequest();
        assertThat(sent.operation()).isEqualTo("count-tokens");
        assertThat(sent.body().get("input").get("invokeModel").get("body").asString()).isNotEmpty();
    }

    @Test
    void modelsAreListedInAnthropicsShape() throws Exception {
        HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.base.resolve("/v1/models?limit=1000")).header("x-api-key", GatewayHarness.KEY).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("has_more").asBoolean()).isFalse();
        List<String> ids = new ArrayList<>();
        body.get("data").forEach(m -> ids.add(m.get("id").asString()));
        assertThat(ids).contains(SONNET, "claude-opus-4-7").allMatch(id -> id.contains("claude"));
        assertThat(body.get("first_id").asString()).isEqualTo(ids.get(0));
    }

    @Test
    void unknownModelIs404AndNeverReachesBedrock() throws Exception {
        HttpResponse<String> r = h.send(h.post("/v1/messages", GatewayHarness.message("gpt-4o", "hi", false)));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("error").get("type").asString()).isEqualTo("not_found_error");
        assertThat(h.emulator.requests()).isEmpty();
    }

    @Test
    void malformedJsonIs400() throws Exception {
        HttpResponse<String> r = h.send(h.post("/v1/messages", "{not json"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").get("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void bodiesOverTwentyMegabytesGet413AndSmallerLargeOnesPass() throws Exception {
        String big = "x".repeat(20 * 1024 * 1024);
        HttpResponse<String> r = h.send(h.post("/v1/messages", GatewayHarness.message(SONNET, big, false)));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).get("error").get("type").asString()).isEqualTo("request_too_large");
        assertThat(h.emulator.requests()).isEmpty();

        String large = "word ".repeat(400_000); // 2 MB, like a long Claude Code session
        HttpResponse<String> ok = h.send(h.post("/v1/messages", GatewayHarness.message(SONNET, large, false)));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(h.emulator.lastRequest().rawBody().length).isGreaterThan(2_000_000);
    }

    @Test
    void betasMoveIntoTheBodyFilteredForTheModel() throws Exception {
        HttpResponse<String> r = h.send(h.post("/v1/messages", GatewayHarness.message(SONNET, "hi", false))
                .header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14,some-future-beta-2031-01-01"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode betas = h.emulator.lastRequest().body().get("anthropic_beta");
        assertThat(betas.isArray()).isTrue();
        List<String> forwarded = new ArrayList<>();
        betas.forEach(b -> forwarded.add(b.asString()));
        assertThat(forwarded).containsExactly("interleaved-thinking-2025-05-14");
        String metrics = h.send(HttpRequest.newBuilder(h.base.resolve("/actuator/prometheus")).GET()).body();
        assertThat(metrics).contains("ccag_betas_dropped_total{beta=\"some-future-beta-2031-01-01\"");
    }

    @Test
    void aBetaBedrockNewlyRefusesIsDroppedOnRetryAndRemembered() throws Exception {
        // its own model, so what the gateway learns here does not leak into the other tests
        String model = "claude-opus-4-6";
        h.emulator.rejectBetas("interleaved-thinking-2025-05-14");
        HttpRequest.Builder req = h.post("/v1/messages", GatewayHarness.message(model, "hi", false))
                .header("anthropic-beta", "interleaved-thinking-2025-05-14");
        assertThat(h.send(req).statusCode()).isEqualTo(200);
        List<RecordedRequest> calls = h.emulator.requests();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).body().has("anthropic_beta")).isTrue();
        assertThat(calls.get(1).body().has("anthropic_beta")).isFalse();

        // remembered: the next request goes out without the beta at once
        h.send(h.post("/v1/messages", GatewayHarness.message(model, "again", false)).header("anthropic-beta", "interleaved-thinking-2025-05-14"));
        assertThat(h.emulator.requests()).hasSize(3);
        assertThat(h.emulator.lastRequest().body().has("anthropic_beta")).isFalse();

        // and operators can see what was learned, and until when
        JsonNode learned = JSON.readTree(h.send(HttpRequest.newBuilder(h.base.resolve("/actuator/bedrockadaptations")).GET()).body());
        assertThat(learned.isArray()).isTrue();
        assertThat(learned.toString()).contains("interleaved-thinking-2025-05-14").contains("anthropic.claude-opus-4-6-v1").contains("expiresAt");
    }

    @ParameterizedTest
    @CsvSource({
            "throttling, 429, rate_limit_error, true",
            "quota, 429, rate_limit_error, true",
            "service-unavailable, 529, overloaded_error, true",
            "model-not-ready, 529, overloaded_error, true",
            "internal, 500, api_error, false",
            "model-error, 500, api_error, false",
            "model-timeout, 504, timeout_error, false",
            "access-denied, 403, permission_error, false",
            "validation, 400, invalid_request_error, false",
            "too-long, 400, invalid_request_error, false"})
    void bedrockErrorsBecomeAnthropicErrors(String fault, int status, String type, boolean retryAfter) throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            h.emulator.queueFault(fault, 1, false);
            HttpResponse<String> r = h.send(h.post("/v1/messages", GatewayHarness.message(SONNET, "hi", stream)));
            assertThat(r.statusCode()).as(fault + " stream=" + stream).isEqualTo(status);
            JsonNode error = JSON.readTree(r.body());
            assertThat(error.get("error").get("type").asString()).isEqualTo(type);
            assertThat(error.get("request_id").asString()).startsWith("req_");
            assertThat(r.headers().firstValue("retry-after").isPresent()).isEqualTo(retryAfter);
            if (fault.equals("too-long")) {
                // the wording Claude Code matches to compact the conversation and carry on
                assertThat(error.get("error").get("message").asString()).startsWith("prompt is too long");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"throttling, rate_limit_error", "internal, api_error", "service-unavailable, overloaded_error",
            "model-stream-error, api_error", "model-timeout, timeout_error", "validation, invalid_request_error"})
    void midStreamExceptionsBecomeAnErrorEvent(String fault, String type) throws Exception {
        HttpResponse<String> r = h.send(h.post("/v1/messages", GatewayHarness.message(SONNET, "[[emu:midstream " + fault + "]] hi", true)));
        assertThat(r.statusCode()).isEqualTo(200);
        List<String[]> events = sse(r.body());
        assertThat(events.get(0)[0]).isEqualTo("message_start");
        String[] last = events.get(events.size() - 1);
        assertThat(last[0]).isEqualTo("error");
        assertThat(JSON.readTree(last[1]).get("error").get("type").asString()).isEqualTo(type);
    }

    @Test
    void pingsKeepASlowStreamAlive() throws Exception {
        HttpResponse<String> r = h.send(h.post("/v1/messages", GatewayHarness.message(SONNET, "[[emu:slow 1200]] take your time", true)));
        List<String[]> events = sse(r.body());
        assertThat(events.get(0)[0]).isEqualTo("ping");
        assertThat(events.get(0)[1]).isEqualTo("{\"type\": \"ping\"}");
        assertThat(events).extracting(e -> e[0]).contains("message_stop");
    }

    @Test
    void aClientThatLeavesCancelsTheUpstreamCall() throws Exception {
        HttpRequest req = h.post("/v1/messages", GatewayHarness.message(SONNET, "[[emu:chunks 200]] [[emu:pace 50]] long story", true)).build();
        HttpResponse<InputStream> r = h.http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && !line.contains("content_block_delta")) {
                // read until the first delta arrives
            }
        }
        // the emulator sees its stream cut long before the 200 deltas (10 s of pacing) were written
        long deadline = System.currentTimeMillis() + 5_000;
        while (h.emulator.abortedStreams() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(h.emulator.abortedStreams()).isEqualTo(1);
    }

    /** Parses SSE into [event, data] pairs, asserting that no data line comes without its event line. */
    static List<String[]> sse(String body) {
        List<String[]> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) continue;
            String event = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) event = line.substring(7);
                else if (line.startsWith("data: ")) data = line.substring(6);
            }
            assertThat(event).as("every SSE event needs an event: line: " + block).isNotNull();
            assertThat(data).as("every SSE event needs data: " + block).isNotNull();
            events.add(new String[] {event, data});
        }
        return events;
    }
}
