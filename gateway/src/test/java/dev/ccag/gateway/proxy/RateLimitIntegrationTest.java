package dev.ccag.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Rate limits over real HTTP: the headers of admitted requests, and the 429 Claude Code receives. */
class RateLimitIntegrationTest {
    private static final String SONNET = "claude-sonnet-4-5-20250929";
    private static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GatewayHarness("ccag.ratelimit.key.rpm=2", "ccag.ratelimit.key.output-tpm=100000", "ccag.notify.storm-threshold=1");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void admittedRequestsCarryTheHeadersAndTheOneOverTheLimitGets429() throws Exception {
        // count_tokens is not rate limited
        for (int i = 0; i < 3; i++) {
            assertThat(h.send(h.post("/v1/messages/count_tokens",
                    "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).statusCode()).isEqualTo(200);
        }
        // both requests may land on either side of a minute boundary; wait for a fresh minute if close to one
        long msIntoMinute = System.currentTimeMillis() % 60_000;
        if (msIntoMinute > 55_000) Thread.sleep(60_500 - msIntoMinute);

        HttpResponse<String> first = h.send(h.post("/v1/messages", GatewayHarness.message(SONNET, "one", false)));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("anthropic-ratelimit-requests-limit")).hasValue("2");
        assertThat(first.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("1");
        assertThat(Instant.parse(first.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow()))
                .isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(61));
        assertThat(first.headers().firstValue("anthropic-ratelimit-output-tokens-limit")).hasValue("100000");
        assertThat(first.headers().firstValue("anthropic-ratelimit-output-tokens-remaining")).hasValue(Long.toString(100000 - 256));

        HttpResponse<String> second = h.send(h.post("/v1/messages", GatewayHarness.message(SONNET, "[[emu:chunks 3]] two", true)));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("0");

        HttpResponse<String> third = h.send(h.post("/v1/messages", GatewayHarness.message(SONNET, "three", false)));
        assertThat(third.statusCode()).isEqualTo(429);
        int retryAfter = Integer.parseInt(third.headers().firstValue("retry-after").orElseThrow());
        assertThat(retryAfter).isBetween(1, 60);
        assertThat(third.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("0");
        assertThat(third.headers().firstValue("anthropic-ratelimit-requests-reset")).isPresent();
        JsonNode body = JsonMapper.builder().build().readTree(third.body());
        assertThat(body.get("type").asString()).isEqualTo("error");
        assertThat(body.get("error").get("type").asString()).isEqualTo("rate_limit_error");
        assertThat(body.get("error").get("message").asString()).contains("key allows 2 requests per minute");
        assertThat(h.emulator.requests()).noneMatch(r -> r.body().toString().contains("three"));

        // with a storm threshold of 1, the refusal raises one ratelimit.storm event naming the limit
        JsonNode storms = null;
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> list = h.send(java.net.http.HttpRequest.newBuilder(h.base.resolve("/admin/v1/notifications?type=ratelimit.storm"))
                    .header("x-api-key", GatewayHarness.KEY).GET());
            assertThat(list.statusCode()).isEqualTo(200);
            storms = JsonMapper.builder().build().readTree(list.body());
            if (storms.toString().contains("ratelimit.storm")) break;
            Thread.sleep(50);
        }
        assertThat(storms.toString()).contains("ratelimit.storm").contains("key requests");
    }
}
