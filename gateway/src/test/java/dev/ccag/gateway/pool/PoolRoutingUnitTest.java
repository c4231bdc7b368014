package dev.ccag.gateway.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.bedrock.BedrockEndpoint;
import dev.ccag.gateway.bedrock.EndpointProfile;
import dev.ccag.gateway.bedrock.ModelCatalog;
import dev.ccag.gateway.bedrock.ModelResolver;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The router on real pool objects at scale (thousands of users, up to six endpoints), where the
 * end-to-end tests can only sample: rendezvous moves exactly the users of an endpoint that leaves or
 * joins and follows the weights; weighted round robin interleaves; health reorders.
 */
class PoolRoutingUnitTest {
    private static final ModelResolver RESOLVER = new ModelResolver(ModelCatalog.loadDefault());
    private final AtomicLong now = new AtomicLong(1);
    private final HealthSettings health = new HealthSettings(Duration.ofSeconds(10), 1, 0.1, Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(1), 1);

    private PoolEndpoint endpoint(String name, int weight, Tier tier) {
        EndpointSpec spec = new EndpointSpec(name, "us-east-1", "http://127.0.0.1:9", new CredentialsSpec("static", null, "AKIDTEST", "s",
                null, null, null, null), weight, tier, true, null, Map.of(), List.of(), EndpointSpec.ADMIN);
        BedrockEndpoint b = new BedrockEndpoint(name, "us-east-1", URI.create("http://127.0.0.1:9"), null,
                new EndpointProfile(name, "us-east-1", null, Map.of()));
        return new PoolEndpoint(spec, b, new EndpointHealth(health, now::get), new ManagedCredentials(null, List.of()));
    }

    private static Map<String, String> homes(List<PoolEndpoint> endpoints, int users) throws Exception {
        PoolSnapshot snapshot = new PoolSnapshot(endpoints);
        Map<String, String> home = new HashMap<>();
        for (int u = 0; u < users; u++) {
            home.put("user-" + u, Router.plan(snapshot.eligible("claude-sonnet-4-5", RESOLVER), Strategy.STICKY, "user-" + u)
                    .first().endpoint().name());
        }
        return home;
    }

    @Test
    void rendezvousMovesOnlyTheUsersOfTheEndpointThatLeavesOrJoins() throws Exception {
        List<PoolEndpoint> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) five.add(endpoint("e" + i, 1, Tier.PRIMARY));
        Map<String, String> before = homes(five, 5000);
        Map<String, String> without = homes(five.subList(0, 4), 5000);
        int moved = 0;
        for (String user : before.keySet()) {
            if (before.get(user).equals("e4")) {
                moved++;
            } else {
                assertThat(without.get(user)).isEqualTo(before.get(user));
            }
        }
        assertThat(moved).as("about a fifth of the users lived on e4").isBetween(800, 1200);

        List<PoolEndpoint> six = new ArrayList<>(five);
        six.add(endpoint("e5", 1, Tier.PRIMARY));
        Map<String, String> joined = homes(six, 5000);
        int toNew = 0;
        for (String user : before.keySet()) {
            if (!joined.get(user).equals(before.get(user))) {
                assertThat(joined.get(user)).as("a user only ever moves to the endpoint that joined").isEqualTo("e5");
                toNew++;
            }
        }
        assertThat(toNew).as("about a sixth of the users move to the new endpoint").isBetween(650, 1050);
    }

    @Test
    void rendezvousFollowsTheWeights() throws Exception {
        Map<String, String> home = homes(List.of(endpoint("a", 1, Tier.PRIMARY), endpoint("b", 3, Tier.PRIMARY)), 8000);
        long onB = home.values().stream().filter("b"::equals).count();
        assertThat(onB).as("weight 3 of 4 carries three quarters of the users").isBetween(5700L, 6300L);
    }

    @Test
    void fallbackTierTakesNoTrafficWhileAPrimaryIsHealthy() throws Exception {
        Map<String, String> home = homes(List.of(endpoint("p", 1, Tier.PRIMARY), endpoint("f", 1000, Tier.FALLBACK)), 500);
        assertThat(home.values()).containsOnly("p");
    }

    @Test
    void weightedRoundRobinInterleavesByWeight() throws Exception {
        PoolSnapshot snapshot = new PoolSnapshot(List.of(endpoint("a", 5, Tier.PRIMARY), endpoint("b", 1, Tier.PRIMARY),
                endpoint("c", 1, Tier.PRIMARY)));
        StringBuilder picks = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            picks.append(Router.plan(snapshot.eligible("claude-sonnet-4-5", RESOLVER), Strategy.WEIGHTED_ROUND_ROBIN, "x")
                    .first().endpoint().name());
        }
        assertThat(picks.toString()).isEqualTo("aabacaaaabacaa");
    }

    @Test
    void aCoolingEndpointGoesLastAndAProbingOneGetsOneProbeAtATime() throws Exception {
        PoolEndpoint a = endpoint("a", 3, Tier.PRIMARY);
        PoolEndpoint b = endpoint("b", 2, Tier.PRIMARY);
        PoolEndpoint f = endpoint("f", 1, Tier.FALLBACK);
        PoolSnapshot snapshot = new PoolSnapshot(List.of(a, b, f));
        a.health().failure(); // threshold 1: cooling down
        RoutePlan plan = Router.plan(snapshot.eligible("claude-sonnet-4-5", RESOLVER), Strategy.PRIMARY_FALLBACK, "x");
        assertThat(plan.candidates()).extracting(c -> c.endpoint().name()).containsExactly("b", "f", "a");

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(a.health().status()).isEqualTo(HealthStatus.PROBING);
        plan = Router.plan(snapshot.eligible("claude-sonnet-4-5", RESOLVER), Strategy.PRIMARY_FALLBACK, "x");
        assertThat(plan.candidates()).as("the probe").extracting(c -> c.endpoint().name()).containsExactly("a", "b", "f");
        plan = Router.plan(snapshot.eligible("claude-sonnet-4-5", RESOLVER), Strategy.PRIMARY_FALLBACK, "x");
        assertThat(plan.candidates()).as("no second probe within the interval").extracting(c -> c.endpoint().name())
                .containsExactly("b", "f", "a");
    }
}
