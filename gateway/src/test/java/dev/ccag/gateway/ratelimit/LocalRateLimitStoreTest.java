package dev.ccag.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalRateLimitStoreTest {
    private final LocalRateLimitStore store = new LocalRateLimitStore();

    @Test
    void underContentionExactlyTheLimitIsAdmitted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return store.tryAdd("b", 60_000, 1, 100) >= 0 & store.acquire("c", 50) >= 0;
            }));
        }
        go.countDown();
        for (Future<Boolean> r : results) {
            r.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(store.tryAdd("b", 60_000, 0, Long.MAX_VALUE)).isEqualTo(100);
        assertThat(-1 - store.acquire("c", 50)).isEqualTo(50);
    }

    @Test
    void aNewWindowStartsFromZeroAndAnOldOneIsNotReopened() {
        assertThat(store.tryAdd("b", 60_000, 5, 5)).isEqualTo(5);
        assertThat(store.tryAdd("b", 60_000, 1, 5)).isEqualTo(-1 - 5);
        assertThat(store.tryAdd("b", 120_000, 1, 5)).isEqualTo(1);
        assertThat(store.tryAdd("b", 60_000, 1, 5)).isNegative();
        store.adjust("b", 60_000, -100); // a window that has passed is left alone
        assertThat(store.tryAdd("b", 120_000, 0, 5)).isEqualTo(1);
        store.adjust("b", 120_000, -100);
        assertThat(store.tryAdd("b", 120_000, 0, 5)).isZero();
    }

    @Test
    void releaseNeverGoesBelowZero() {
        store.release("c");
        store.acquire("c", 1);
        store.release("c");
        store.release("c");
        assertThat(store.acquire("c", 1)).isEqualTo(1);
        assertThat(store.acquire("c", 1)).isEqualTo(-2);
    }
}
