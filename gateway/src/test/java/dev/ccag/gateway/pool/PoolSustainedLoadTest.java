package dev.ccag.gateway.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sustained load from many users while one of three endpoints starts throttling everything: the
 * clients see no errors (capacity remains on the other two), and the throttling endpoint stops
 * getting traffic once it has tripped. Asserted on counts only.
 */
class PoolSustainedLoadTest {
    private static final int USERS = 40;
    private static final int THREADS = 8;
    private static final int REQUESTS_PER_THREAD = 60;
    private static final int THRESHOLD = 5;
    private static final int QUEUED_FAULTS = 100_000;

    @Test
    void clientsSeeNoErrorsWhileOneEndpointThrottles() throws Exception {
        try (PoolHarness h = new PoolHarness(null, USERS,
                "ccag.pool.health.failure-threshold=" + THRESHOLD, "ccag.pool.health.failure-rate=0.5",
                "ccag.pool.health.window=10m", "ccag.pool.health.cooldown=10m", "ccag.pool.health.max-cooldown=10m")) {
            AtomicInteger sent = new AtomicInteger();
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            CountDownLatch warmedUp = new CountDownLatch(THREADS * 10);
            List<Future<?>> clients = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    clients.add(pool.submit(() -> {
                        for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                            String key = h.configuredKeys.get((thread * REQUESTS_PER_THREAD + i) % USERS);
                            boolean stream = i % 2 == 0;
                            PoolHarness.Response r = h.message(key, PoolHarness.SONNET, "load " + thread + "-" + i, stream);
                            int status = r.status() == 200 && stream && !r.body().contains("event: message_stop") ? -1 : r.status();
                            statuses.merge(status, 1, Integer::sum);
                            sent.incrementAndGet();
                            warmedUp.countDown();
                        }
                        return null;
                    }));
                }
                warmedUp.await();
                h.emulator("eu").queueFault("throttling", QUEUED_FAULTS, false); // eu starts throttling everything
                for (Future<?> f : clients) f.get();

                int total = THREADS * REQUESTS_PER_THREAD;
                assertThat(sent.get()).isEqualTo(total);
                assertThat(statuses).as("every client request succeeded").isEqualTo(Map.of(200, total));

                // Counted from the faults consumed, not the request log: a call already recorded by eu
                // when the faults were queued is throttled too.
                int throttledOnEu = QUEUED_FAULTS - h.emulator("eu").queuedFaults();
                // Only the calls in flight when eu tripped reach it: the threshold plus one per client thread at most.
                assertThat(throttledOnEu).isBetween(THRESHOLD, THRESHOLD + THREADS);
                assertThat(h.status("eu")).isEqualTo("cooling_down");

                Map<String, Integer> served = new TreeMap<>();
                for (String region : PoolHarness.NAMES) served.put(region, h.emulator(region).requests().size());
                // Every request reached some endpoint once, plus one extra attempt per throttled call.
                assertThat(served.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(total + throttledOnEu);
                assertThat(served.get("us")).isPositive();
                assertThat(served.get("ap")).isPositive();

                String metrics = h.call("GET", "/actuator/prometheus", null, null).body();
                assertThat(metrics).contains("ccag_pool_requests_total{endpoint=\"eu\",outcome=\"throttled\"} " + throttledOnEu + ".0")
                        .contains("ccag_pool_failovers_total{endpoint=\"eu\",reason=\"throttled\"} " + throttledOnEu + ".0")
                        .contains("ccag_pool_cooldowns_total{endpoint=\"eu\"} 1.0");
            }
        }
    }
}
