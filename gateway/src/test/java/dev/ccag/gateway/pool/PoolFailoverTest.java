package dev.ccag.gateway.pool;

import static dev.ccag.gateway.pool.PoolHarness.SONNET;
import static dev.ccag.gateway.pool.PoolHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.emulator.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Failover across three emulators before the first byte reaches the client, never after; errors
 * that would fail anywhere are not retried; when every endpoint fails the client gets the most
 * meaningful error. Models go only to the endpoints that serve them, each with its own model id.
 * The health threshold is out of reach here, so cool-downs do not interfere (see PoolHealthTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolFailoverTest {
    private static final String OPUS = "claude-opus-4-7";
    private PoolHarness h;
    private String key;

    @BeforeAll
    void start() throws Exception {
        h = new PoolHarness(null, 1,
                "ccag.pool.health.failure-threshold=100000",
                "ccag.bedrock.endpoints[0].models[0].model=claude-sonnet-*",
                "ccag.bedrock.endpoints[0].models[1].model=claude-haiku-*",
                "ccag.bedrock.endpoints[1].models[0].model=claude-sonnet-*",
                "ccag.bedrock.endpoints[1].models[1].model=claude-haiku-*",
                "ccag.bedrock.endpoints[2].models[0].model=claude-sonnet-*",
                "ccag.bedrock.endpoints[2].models[1].model=" + OPUS,
                "ccag.bedrock.endpoints[2].models[1].prefix=global");
        key = h.configuredKeys.getFirst();
    }

    @AfterAll
    void stop() {
        if (h != null) h.close();
    }

    @BeforeEach
    void reset() {
        h.resetEmulators();
    }

    @ParameterizedTest
    @ValueSource(strings = {"throttling", "internal", "service-unavailable", "model-not-ready"})
    void aThrottleOr5xxBeforeTheFirstByteIsRetriedOnTheNextEndpoint(String fault) throws Exception {
        String home = h.home(key);
        h.emulator(home).queueFault(fault, 1, false);
        String marker = "m-" + UUID.randomUUID();
        PoolHarness.Response r = h.message(key, SONNET, "stream " + marker, true);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("event: message_stop").doesNotContain("event: error");
        List<String> got = h.receivedBy(marker);
        assertThat(got).hasSize(2).contains(home);
        String served = got.stream().filter(n -> !n.equals(home)).findFirst().orElseThrow();
        // the ledger names the endpoint that served the request, not the one that failed
        assertThat(ledgerEndpoint(r.header("request-id"))).isEqualTo(served);
        // and the second endpoint got its own inference profile
        RecordedRequest onServed = h.requestsWith(served, marker).getFirst();
        assertThat(onServed.modelId()).isEqualTo(prefixOf(served) + ".anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    @Test
    void aConnectionFailureIsRetriedOnTheNextEndpoint() throws Exception {
        String home = h.home(key);
        String url = h.emulator(home).endpoint().toString();
        h.admin("PATCH", "/admin/v1/endpoints/" + home, json("endpoint_url", "http://127.0.0.1:1"));
        try {
            String marker = "m-" + UUID.randomUUID();
            PoolHarness.Response r = h.message(key, SONNET, "hi " + marker, false);
            assertThat(r.status()).isEqualTo(200);
            assertThat(h.receivedBy(marker)).hasSize(1).doesNotContain(home);
        } finally {
            h.admin("PATCH", "/admin/v1/endpoints/" + home, json("endpoint_url", url));
        }
        assertThat(h.home(key)).isEqualTo(home);
    }

    @Test
    void anErrorAfterStreamingBeganIsNotRetried() throws Exception {
        String home = h.home(key);
        String marker = "m-" + UUID.randomUUID();
        PoolHarness.Response r = h.message(key, SONNET, "[[emu:midstream throttling]] " + marker, true);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("event: message_start").contains("event: error").contains("rate_limit_error");
        assertThat(h.receivedBy(marker)).containsExactly(home);
    }

    @Test
    void aValidationErrorIsNotRetriedElsewhere() throws Exception {
        String home = h.home(key);
        h.emulator(home).queueFault("validation", 1, false);
        String marker = "m-" + UUID.randomUUID();
        PoolHarness.Response r = h.message(key, SONNET, "hi " + marker, false);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(h.receivedBy(marker)).containsExactly(home);
    }

    @Test
    void whenEveryEndpointThrottlesTheClientGetsA429WithRetryAfter() throws Exception {
        h.emulator("us").queueFault("throttling", 1, false);
        h.emulator("eu").queueFault("internal", 1, false);
        h.emulator("ap").queueFault("internal", 1, false);
        String marker = "m-" + UUID.randomUUID();
        PoolHarness.Response r = h.message(key, SONNET, "hi " + marker, false);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().get("error").get("type").asString()).isEqualTo("rate_limit_error");
        assertThat(r.header("retry-after")).isNotNull();
        assertThat(h.receivedBy(marker)).containsExactlyInAnyOrder("us", "eu", "ap");
        assertThat(ledgerStatus(r.header("request-id"))).isEqualTo(429);
    }

    @Test
    void whenEveryEndpointIsUnavailableTheClientGetsA529Overloaded() throws Exception {
        for (String region : PoolHarness.NAMES) h.emulator(region).queueFault("service-unavailable", 1, false);
        String marker = "m-" + UUID.randomUUID();
        PoolHarness.Response r = h.message(key, SONNET, "hi " + marker, false);
        assertThat(r.status()).isEqualTo(529);
        assertThat(r.json().get("error").get("type").asString()).isEqualTo("overloaded_error");
        assertThat(r.header("retry-after")).isNotNull();
        assertThat(h.receivedBy(marker)).hasSize(3);
    }

    @Test
    void aModelServedByOneEndpointGoesOnlyThereWithItsPrefix() throws Exception {
        for (int i = 0; i < 5; i++) {
            String marker = "m-" + UUID.randomUUID();
            PoolHarness.Response r = h.message(key, OPUS, "hi " + marker, false);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(h.receivedBy(marker)).containsExactly("ap");
            assertThat(h.requestsWith("ap", marker).getFirst().modelId()).isEqualTo("global.anthropic.claude-opus-4-7");
        }
        // nowhere to fail over to: the one endpoint's own error comes back
        h.emulator("ap").queueFault("throttling", 1, false);
        String marker = "m-" + UUID.randomUUID();
        PoolHarness.Response r = h.message(key, OPUS, "hi " + marker, false);
        assertThat(r.status()).isEqualTo(429);
        assertThat(h.receivedBy(marker)).containsExactly("ap");
    }

    @Test
    void aModelNoEndpointServesIsAClearAnthropicError() throws Exception {
        PoolHarness.Response r = h.message(key, "claude-opus-4-1-20250805", "hi", false);
        assertThat(r.status()).isEqualTo(404);
        JsonNode body = r.json();
        assertThat(body.get("type").asString()).isEqualTo("error");
        assertThat(body.get("error").get("type").asString()).isEqualTo("not_found_error");
        assertThat(body.get("error").get("message").asString())
                .isEqualTo("model claude-opus-4-1-20250805 is not served by any Bedrock endpoint of this gateway");
        assertThat(body.get("request_id").asString()).isEqualTo(r.header("request-id"));
        for (String region : PoolHarness.NAMES) assertThat(h.emulator(region).requests()).isEmpty();

        PoolHarness.Response unknown = h.message(key, "gpt-4o", "hi", false);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").get("message").asString()).isEqualTo("model: gpt-4o");
    }

    private static String prefixOf(String region) {
        return Map.of("us", "us", "eu", "eu", "ap", "jp").get(region);
    }

    private String ledgerEndpoint(String requestId) throws Exception {
        return (String) ledgerRow(requestId).get("endpoint");
    }

    private int ledgerStatus(String requestId) throws Exception {
        return ((Number) ledgerRow(requestId).get("status")).intValue();
    }

    /** The usage record of a request, once the background writer has moved it into the database. */
    private Map<String, Object> ledgerRow(String requestId) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<Map<String, Object>> rows = h.db().queryForList("select * from usage_records where request_id = ?", requestId);
            if (!rows.isEmpty()) return rows.getFirst();
            if (System.nanoTime() > deadline) throw new AssertionError("no usage record for " + requestId);
            Thread.sleep(50);
        }
    }
}
