package dev.ccag.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared store against a real redis-server: the same semantics as the local one, across clients. */
class RedisRateLimitStoreTest {
    private static RedisServer server;
    private static RedisRateLimitStore a;
    private static RedisRateLimitStore b;

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.start();
        a = new RedisRateLimitStore(server.url(), "t:", Duration.ofSeconds(2));
        b = new RedisRateLimitStore(server.url(), "t:", Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        if (a != null) a.close();
        if (b != null) b.close();
        if (server != null) server.close();
    }

    @Test
    void twoClientsUnderContentionAdmitExactlyTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            RedisRateLimitStore store = i % 2 == 0 ? a : b;
            results.add(pool.submit(() -> {
                go.await();
                return store.tryAdd("rpm", 60_000, 1, 100) >= 0;
            }));
        }
        go.countDown();
        int admitted = 0;
        for (Future<Boolean> r : results) {
            if (r.get(20, TimeUnit.SECONDS)) admitted++;
        }
        pool.shutdown();
        assertThat(admitted).isEqualTo(100);
    }

    @Test
    void windowsAdjustmentsAndSlotsBehaveLikeTheLocalStore() {
        assertThat(a.tryAdd("w", 60_000, 5, 5)).isEqualTo(5);
        assertThat(b.tryAdd("w", 60_000, 1, 5)).isEqualTo(-1 - 5);
        assertThat(b.tryAdd("w", 120_000, 1, 5)).isEqualTo(1);
        a.adjust("w", 60_000, -3);
        assertThat(b.tryAdd("w", 60_000, 1, 5)).isEqualTo(3);
        a.adjust("w", 60_000, -100);
        assertThat(b.tryAdd("w", 60_000, 0, 5)).isZero();
        a.adjust("never-written", 60_000, 7);
        assertThat(a.tryAdd("never-written", 60_000, 0, 5)).isZero();

        assertThat(a.acquire("c", 2)).isEqualTo(1);
        assertThat(b.acquire("c", 2)).isEqualTo(2);
        assertThat(a.acquire("c", 2)).isEqualTo(-3);
        b.release("c");
        assertThat(a.acquire("c", 2)).isEqualTo(2);
        a.release("c");
        a.release("c");
        a.release("c");
        assertThat(a.acquire("c", 1)).isEqualTo(1);
    }

    @Test
    void anUnreachableServerAdmitsInsteadOfFailingTheRequest() throws Exception {
        RedisServer other = RedisServer.start();
        try (RedisRateLimitStore store = new RedisRateLimitStore(other.url(), "t:", Duration.ofMillis(200))) {
            assertThat(store.tryAdd("x", 60_000, 1, 1)).isEqualTo(1);
            assertThat(store.tryAdd("x", 60_000, 1, 1)).isNegative();
            other.close();
            assertThat(store.tryAdd("x", 60_000, 1, 1)).isEqualTo(1);
            assertThat(store.acquire("y", 0)).isEqualTo(1);
        }
    }
}
