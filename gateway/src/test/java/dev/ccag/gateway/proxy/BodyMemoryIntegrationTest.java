package dev.ccag.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bound on request bodies in flight, over real HTTP: while a long stream holds its body, a second
 * large body waits, is refused with Anthropic's 529 overloaded_error and never reaches Bedrock; a small
 * one still fits; once the stream ends the large one goes through.
 */
class BodyMemoryIntegrationTest {
    private static final String SONNET = "claude-sonnet-4-5-20250929";
    private static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GatewayHarness("ccag.proxy.max-body-memory=100KB", "ccag.proxy.body-memory-wait=300ms");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void aBodyThatDoesNotFitBesideALongStreamGets529UntilTheStreamEnds() throws Exception {
        double refusedBefore = overloaded();
        String padding = "x".repeat(30 * 1024);
        CompletableFuture<HttpResponse<String>> stream = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                stream.complete(send(GatewayHarness.message(SONNET, "[[emu:chunks 60]] [[emu:pace 100]] holder " + padding, true)));
            } catch (RuntimeException e) {
                stream.completeExceptionally(e);
            }
        });
        // the stream lasts 6 s (60 events 100 ms apart): ample for what follows while it is open
        for (int i = 0; i < 1000 && h.emulator.requests().stream().noneMatch(r -> r.body().toString().contains("holder")); i++) {
            Thread.sleep(10);
        }
        assertThat(h.emulator.requests()).anyMatch(r -> r.body().toString().contains("holder"));

        HttpResponse<String> refused = send(GatewayHarness.message(SONNET, "second " + padding, false));
        assertThat(refused.statusCode()).isEqualTo(529);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
        JsonNode error = JsonMapper.builder().build().readTree(refused.body());
        assertThat(error.get("type").asString()).isEqualTo("error");
        assertThat(error.get("error").get("type").asString()).isEqualTo("overloaded_error");
        assertThat(error.get("error").get("message").asString()).contains("retry");
        assertThat(h.emulator.requests()).noneMatch(r -> r.body().toString().contains("second"));

        assertThat(send(GatewayHarness.message(SONNET, "small", false)).statusCode()).as("a small body still fits").isEqualTo(200);
        assertThat(stream.isDone()).as("the stream was still open throughout").isFalse();

        HttpResponse<String> streamed = stream.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("event: message_stop");
        assertThat(send(GatewayHarness.message(SONNET, "second " + padding, false)).statusCode()).isEqualTo(200);

        assertThat(heldBytesOnceSettled()).isZero();
        assertThat(overloaded()).isEqualTo(refusedBefore + 1);
    }

    @Test
    void aBodyTheWebSearchLoopHoldsAsATreeCountsFourTimesMore() throws Exception {
        String tool = ",\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":1}]}";
        String withTool30k = GatewayHarness.message(SONNET, "x".repeat(30 * 1024), false).replaceFirst("}\\s*$", tool);
        String withTool10k = GatewayHarness.message(SONNET, "x".repeat(10 * 1024), false).replaceFirst("}\\s*$", tool);

        // 30 KB: 60 KB as bytes plus 60 KB as a tree does not fit in 100 KB, even with nothing else in flight
        HttpResponse<String> refused = send(withTool30k);
        assertThat(refused.statusCode()).isEqualTo(529);
        assertThat(refused.body()).contains("overloaded_error");
        // the same 30 KB without a server tool is held as bytes only, and fits
        assertThat(send(GatewayHarness.message(SONNET, "x".repeat(30 * 1024), false)).statusCode()).isEqualTo(200);
        // 10 KB with the tool: 20 + 20 KB fits; whatever the web search step answers, it is not a memory refusal
        assertThat(send(withTool10k).statusCode()).isNotEqualTo(529);

        assertThat(heldBytesOnceSettled()).isZero();
    }

    private static double overloaded() throws Exception {
        return metric("ccag_proxy_overloaded_total");
    }

    /**
     * The bytes held once the last request's step has returned: a client can read its answer a moment
     * before the server thread gives the room back, so this waits up to 5 s for the gauge to fall.
     */
    private static double heldBytesOnceSettled() throws Exception {
        double held = metric("ccag_proxy_body_memory_bytes");
        for (int i = 0; i < 100 && held != 0; i++) {
            Thread.sleep(50);
            held = metric("ccag_proxy_body_memory_bytes");
        }
        return held;
    }

    private static double metric(String name) throws Exception {
        String metrics = h.send(java.net.http.HttpRequest.newBuilder(h.base.resolve("/actuator/prometheus"))
                .header("x-api-key", GatewayHarness.KEY).GET()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
        if (!m.find()) throw new AssertionError(name + " is not exported");
        return Double.parseDouble(m.group(1));
    }

    private static HttpResponse<String> send(String body) {
        try {
            return h.send(h.post("/v1/messages", body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
