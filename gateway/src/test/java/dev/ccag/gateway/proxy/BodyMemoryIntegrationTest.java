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
        String padding = "x".repeat(30 * 1024);
        CompletableFuture<HttpResponse<String>> stream = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                stream.complete(send(GatewayHarness.message(SONNET, "[[emu:chunks 30]] [[emu:pace 100]] holder " + padding, true)));
            } catch (RuntimeException e) {
                stream.completeExceptionally(e);
            }
        });
        for (int i = 0; i < 200 && h.emulator.requests().stream().noneMatch(r -> r.body().toString().contains("holder")); i++) {
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

        String metrics = h.send(java.net.http.HttpRequest.newBuilder(h.base.resolve("/actuator/prometheus"))
                .header("x-api-key", GatewayHarness.KEY).GET()).body();
        assertThat(metrics).contains("ccag_proxy_overloaded_total 1.0").contains("ccag_proxy_body_memory_bytes 0.0");
    }

    private static HttpResponse<String> send(String body) {
        try {
            return h.send(h.post("/v1/messages", body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
