package dev.ccag.gateway.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * An endpoint that keeps throttling cools down (announced as {@code endpoint.throttling}), takes
 * no traffic while it does, is then probed with single requests, backs off again when a probe fails,
 * and is trusted again after enough successful probes, all through the real gateway and emulators.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolHealthTest {
    private PoolHarness h;

    @BeforeAll
    void start() throws Exception {
        h = new PoolHarness(null, 1,
                "ccag.pool.health.failure-threshold=3", "ccag.pool.health.failure-rate=0.5", "ccag.pool.health.window=60s",
                "ccag.pool.health.cooldown=2s", "ccag.pool.health.max-cooldown=20s",
                "ccag.pool.health.probe-interval=100ms", "ccag.pool.health.probe-successes=2");
    }

    @AfterAll
    void stop() {
        if (h != null) h.close();
    }

    @Test
    void aThrottlingEndpointCoolsDownIsProbedAndRecovers() throws Exception {
        String key = h.configuredKeys.getFirst();
        String home = h.home(key);
        assertThat(h.status(home)).isEqualTo("healthy");
        h.emulator(home).queueFault("throttling", 10_000, false);

        for (int i = 0; i < 3; i++) {
            List<String> got = h.route(key);
            assertThat(got).as("each throttled request is served elsewhere").hasSize(2).contains(home);
        }
        assertThat(h.status(home)).isEqualTo("cooling_down");
        JsonNode state = h.admin("GET", "/admin/v1/endpoints/" + home, null).get("state");
        assertThat(state.get("window_failures").asInt()).isEqualTo(3);
        assertThat(Instant.parse(state.get("cooling_until").asString())).isAfter(Instant.now());

        // While it cools down, the user's requests stay off it, and all go to one second choice.
        Set<String> servedMeanwhile = new HashSet<>();
        int duringCooldown = 0;
        for (int i = 0; i < 10; i++) {
            String marker = "m-" + UUID.randomUUID();
            assertThat(h.message(key, PoolHarness.SONNET, "hi " + marker, false).status()).isEqualTo(200);
            if ("cooling_down".equals(h.status(home))) { // sent after the cool-down began, answered before it ended
                duringCooldown++;
                List<String> got = h.receivedBy(marker);
                assertThat(got).hasSize(1).doesNotContain(home);
                servedMeanwhile.add(got.getFirst());
            }
        }
        assertThat(duringCooldown).isGreaterThanOrEqualTo(3);
        assertThat(servedMeanwhile).hasSize(1);

        assertThat(notifications(home)).as("endpoint.throttling published once").hasSize(1);

        // Still throttling when probed: the probe fails over, and the cool-down doubles.
        h.awaitStatus(home, "probing");
        List<String> probe = h.route(key);
        assertThat(probe).hasSize(2).contains(home);
        assertThat(h.status(home)).isEqualTo("cooling_down");
        JsonNode again = h.admin("GET", "/admin/v1/endpoints/" + home, null).get("state");
        assertThat(Duration.between(Instant.now(), Instant.parse(again.get("cooling_until").asString())))
                .isGreaterThan(Duration.ofMillis(2500));

        // Recovered: two probes in a row succeed and it is trusted again.
        h.emulator(home).reset();
        h.awaitStatus(home, "probing");
        int probes = 0;
        while ("probing".equals(h.status(home))) {
            Thread.sleep(120); // one probe per 100 ms interval
            List<String> got = h.route(key);
            if (got.contains(home)) {
                assertThat(got).containsExactly(home);
                probes++;
            }
            assertThat(probes).isLessThanOrEqualTo(2);
        }
        assertThat(probes).isEqualTo(2);
        assertThat(h.status(home)).isEqualTo("healthy");
        for (int i = 0; i < 5; i++) assertThat(h.home(key)).isEqualTo(home);

        String metrics = h.call("GET", "/actuator/prometheus", null, null).body();
        assertThat(metrics).contains("ccag_pool_cooldowns_total{endpoint=\"" + home + "\"} 2.0")
                .contains("ccag_pool_endpoint_state{endpoint=\"" + home + "\"} 0.0")
                .contains("ccag_pool_requests_total{endpoint=\"" + home + "\",outcome=\"throttled\"} 4.0")
                .contains("ccag_pool_failovers_total{endpoint=\"" + home + "\",reason=\"throttled\"} 4.0");
    }

    private List<JsonNode> notifications(String endpoint) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<JsonNode> found = new java.util.ArrayList<>();
            for (JsonNode n : h.admin("GET", "/admin/v1/notifications?type=endpoint.throttling", null).get("data")) {
                if (n.toString().contains("\"endpoint\":\"" + endpoint + "\"")) found.add(n);
            }
            if (!found.isEmpty() || System.nanoTime() > deadline) return found;
            Thread.sleep(50);
        }
    }
}
