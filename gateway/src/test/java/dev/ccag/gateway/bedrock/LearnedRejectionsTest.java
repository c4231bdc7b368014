package dev.ccag.gateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LearnedRejectionsTest {
    private static final String M = "us.anthropic.claude-opus-4-7";

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @Test
    void remembersPerEndpointAndModelUntilTheTtlPasses() {
        var clock = new ManualClock();
        var learned = new LearnedRejections(Duration.ofHours(1), clock);
        learned.rememberBetas("a", M, List.of("effort-2025-11-24", "claude-code-20250219"), "invalid beta flag");
        clock.now = clock.now.plusSeconds(600);
        learned.rememberField("a", M, "tools.*.strict", "tools.0.strict: Extra inputs are not permitted");

        assertThat(learned.view("a", M).betas()).containsExactlyInAnyOrder("effort-2025-11-24", "claude-code-20250219");
        assertThat(learned.view("a", M).fieldPaths()).containsExactly("tools.*.strict");
        assertThat(learned.view("b", M)).isSameAs(LearnedRejections.View.EMPTY);
        assertThat(learned.view("a", "anthropic.claude-sonnet-4-6")).isSameAs(LearnedRejections.View.EMPTY);

        clock.now = clock.now.plus(Duration.ofMinutes(51)); // betas learned 61 min ago, field 51 min ago
        assertThat(learned.view("a", M).betas()).isEmpty();
        assertThat(learned.view("a", M).fieldPaths()).containsExactly("tools.*.strict");
        assertThat(learned.snapshot()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LearnedRejections.FIELD);
            assertThat(e.expiresAt()).isEqualTo(e.learnedAt().plus(Duration.ofHours(1)));
        });

        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertThat(learned.view("a", M)).isSameAs(LearnedRejections.View.EMPTY);
        assertThat(learned.snapshot()).isEmpty();
    }

    @Test
    void relearningRefreshesTheExpiry_andReasonsAreRedacted() {
        var clock = new ManualClock();
        var learned = new LearnedRejections(Duration.ofMinutes(10), clock);
        learned.rememberField("a", M, "speed", "first");
        clock.now = clock.now.plusSeconds(500);
        learned.rememberField("a", M, "speed", "role arn:aws:iam::123456789012:role/x refused");
        clock.now = clock.now.plusSeconds(200);
        assertThat(learned.view("a", M).fieldPaths()).containsExactly("speed");
        assertThat(learned.snapshot()).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo("role <arn> refused"));
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        var learned = new LearnedRejections(Duration.ofHours(1), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 200; i++) {
            int n = i;
            pool.submit(() -> {
                learned.rememberField("a", M, "field" + n, "r");
                learned.view("a", M);
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(learned.view("a", M).fieldPaths()).hasSize(200);
    }
}
