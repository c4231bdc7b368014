package dev.ccag.gateway.ratelimit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The cost of the admission check on the hot path (admit + settle, every limit kind configured,
 * local store), measured per call on several threads with distinct keys and a shared team and model.
 * Runs only with {@code -Dccag.bench=true}; writes {@code docs/bench/admission.md}:
 * {@code ./mvnw -q -B -pl gateway test -Dtest=AdmissionBenchmark -Dccag.bench=true}
 */
@EnabledIfSystemProperty(named = "ccag.bench", matches = "true")
class AdmissionBenchmark {
    private static final int THREADS = 4;
    private static final int WARMUP = 300_000;
    private static final int SAMPLES = 200_000;

    @Test
    void admissionCheck() throws Exception {
        RateLimitProperties.Limits big = new RateLimitProperties.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 1_000_000);
        RateLimiter limiter = new RateLimiter(new RateLimitProperties(big, big, big, Map.of("claude-sonnet-4-5", big),
                "local", null, "ccag:rl:", Duration.ofMillis(250)), new LocalRateLimitStore(), System::currentTimeMillis);
        long[][] samples = new long[THREADS][SAMPLES];
        CountDownLatch done = new CountDownLatch(THREADS);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
              try {
                AdmissionRequest[] requests = new AdmissionRequest[64];
                for (int i = 0; i < requests.length; i++) {
                    requests[i] = new AdmissionRequest("key-" + thread + "-" + i, "user-" + thread + "-" + i, "team-1",
                            "claude-sonnet-4-5", Integer.MAX_VALUE, Integer.MAX_VALUE, 200, 32_000);
                }
                for (int i = 0; i < WARMUP; i++) {
                    limiter.settle(limiter.admit(requests[i & 63]), 150, 400);
                }
                for (int i = 0; i < SAMPLES; i++) {
                    long start = System.nanoTime();
                    Admission a = limiter.admit(requests[i & 63]);
                    long admitted = System.nanoTime();
                    limiter.settle(a, 150, 400);
                    samples[thread][i] = admitted - start;
                }
              } catch (Throwable e) {
                failure.set(e);
              } finally {
                done.countDown();
              }
            });
        }
        done.await();
        if (failure.get() != null) throw new AssertionError("benchmark thread failed", failure.get());
        long[] all = Arrays.stream(samples).flatMapToLong(Arrays::stream).sorted().toArray();
        String table = """
                # Admission check benchmark

                `AdmissionBenchmark` (`./mvnw -q -B -pl gateway test -Dtest=AdmissionBenchmark -Dccag.bench=true`):
                `RateLimiter.admit` with every limit kind configured for key, user, team and model (17 counters),
                local store, %d threads with distinct keys sharing one team and one model, %,d warm-up calls per
                thread, then %,d timed calls per thread (each followed by an untimed `settle`).

                | measured at | p50 | p99 | p99.9 | max |
                |---|---|---|---|---|
                | %s | %.1f µs | %.1f µs | %.1f µs | %.1f µs |

                Target: p99 under 50 µs with caches warm. Machine: %d cores (shared with other builds), Java %s.
                """.formatted(THREADS, WARMUP, SAMPLES, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                micros(all, 0.50), micros(all, 0.99), micros(all, 0.999), all[all.length - 1] / 1000.0,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        Path out = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "docs", "bench", "admission.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println(table);
    }

    private static double micros(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }
}
