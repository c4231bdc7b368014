package dev.ccag.gateway.pool;

import static dev.ccag.gateway.pool.PoolHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each routing strategy's distribution over three emulators standing for three regions (weights
 * us=1, eu=2, ap=3): sticky users stay put and only the users of an endpoint that leaves move;
 * weighted round robin honours the weights exactly; primary/fallback sends everything to the first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolStrategiesTest {
    private static final int KEYS = 60;
    private PoolHarness h;

    @BeforeAll
    void start() throws Exception {
        h = new PoolHarness(null, KEYS,
                "ccag.bedrock.endpoints[0].weight=1", "ccag.bedrock.endpoints[1].weight=2", "ccag.bedrock.endpoints[2].weight=3");
    }

    @AfterAll
    void stop() {
        if (h != null) h.close();
    }

    @BeforeEach
    void reset() {
        h.resetEmulators();
    }

    @Test
    void stickyKeepsEveryUserOnOneEndpointAndReshufflesOnlyTheUsersOfAnEndpointThatLeavesOrJoins() throws Exception {
        Map<String, String> home = homes();
        Map<String, Integer> spread = count(home);
        assertThat(spread.keySet()).containsExactlyInAnyOrder("us", "eu", "ap");
        // weighted rendezvous: the heavier endpoints carry more users
        assertThat(spread.get("ap")).isGreaterThan(spread.get("us"));
        assertThat(homes()).as("the same users on the same endpoints, request after request").isEqualTo(home);

        h.admin("POST", "/admin/v1/endpoints/eu/disable", null);
        Map<String, String> without = homes();
        for (String key : home.keySet()) {
            if (home.get(key).equals("eu")) {
                assertThat(without.get(key)).as(key).isIn("us", "ap");
            } else {
                assertThat(without.get(key)).as("%s did not live on eu and must not move", key).isEqualTo(home.get(key));
            }
        }
        assertThat(count(without)).doesNotContainKey("eu");

        h.admin("POST", "/admin/v1/endpoints/eu/enable", null);
        assertThat(homes()).as("when eu joins again its users come back, and nobody else moves").isEqualTo(home);
    }

    @Test
    void stickyIsPerUserAcrossTheirKeys() throws Exception {
        for (int u = 0; u < 4; u++) {
            String[] first = h.userKey(null);
            String user = h.admin("GET", "/admin/v1/keys/" + first[0], null).get("owner_user_id").asString();
            String[] second = h.keyFor(user, null);
            String home = h.home(first[1]);
            for (int i = 0; i < 3; i++) {
                assertThat(h.home(second[1])).isEqualTo(home);
                assertThat(h.home(first[1])).isEqualTo(home);
            }
        }
    }

    @Test
    void weightedRoundRobinHonoursTheWeightsForAKeyWithThatOverride() throws Exception {
        String[] key = h.userKey(null);
        h.admin("PUT", "/admin/v1/routing/keys/" + key[0], json("strategy", "weighted-round-robin"));
        Map<String, Integer> served = new TreeMap<>();
        for (int i = 0; i < 60; i++) served.merge(h.home(key[1]), 1, Integer::sum);
        assertThat(served).isEqualTo(Map.of("us", 10, "eu", 20, "ap", 30));

        h.admin("DELETE", "/admin/v1/routing/keys/" + key[0], null);
        Map<String, Integer> sticky = new TreeMap<>();
        for (int i = 0; i < 12; i++) sticky.merge(h.home(key[1]), 1, Integer::sum);
        assertThat(sticky).as("back on the deployment's sticky strategy").hasSize(1);
    }

    @Test
    void primaryFallbackForATeamSendsEverythingToTheFirstEndpointInOrder() throws Exception {
        String team = h.admin("POST", "/admin/v1/teams", json("name", "pf-" + System.nanoTime())).get("id").asString();
        h.admin("PUT", "/admin/v1/routing/teams/" + team, json("strategy", "primary-fallback"));
        for (int u = 0; u < 3; u++) {
            String[] key = h.userKey(team);
            for (int i = 0; i < 4; i++) {
                assertThat(h.home(key[1])).as("weight 3 comes first").isEqualTo("ap");
            }
        }
        var routing = h.admin("GET", "/admin/v1/routing", null);
        assertThat(routing.get("default_strategy").asString()).isEqualTo("sticky");
        assertThat(routing.get("overrides").toString()).contains(team).contains("primary-fallback");
    }

    private Map<String, String> homes() throws Exception {
        Map<String, String> home = new HashMap<>();
        for (int k = 0; k < KEYS; k++) home.put("key-" + k, h.home(h.configuredKeys.get(k)));
        return home;
    }

    private static Map<String, Integer> count(Map<String, String> homes) {
        Map<String, Integer> n = new TreeMap<>();
        for (String region : homes.values()) n.merge(region, 1, Integer::sum);
        return n;
    }

    static List<String> regions() {
        return PoolHarness.NAMES;
    }
}
