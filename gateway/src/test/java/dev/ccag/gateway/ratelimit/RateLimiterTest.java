package dev.ccag.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final RateLimitProperties.Limits NONE = new RateLimitProperties.Limits(null, null, null, null);
    // 2026-11-24T18:10:15Z: 45 s before the minute ends
    private final AtomicLong now = new AtomicLong(Instant.parse("2026-11-24T18:10:15Z").toEpochMilli());

    private RateLimiter limiter(RateLimitProperties.Limits key, RateLimitProperties.Limits user,
            RateLimitProperties.Limits team, Map<String, RateLimitProperties.Limits> models) {
        return new RateLimiter(new RateLimitProperties(key, user, team, models, "local", null, "ccag:rl:", java.time.Duration.ofMillis(250)), new LocalRateLimitStore(), now::get);
    }

    private static AdmissionRequest req(String key, String user, Integer keyRpm, long output) {
        return new AdmissionRequest(key, user, "team-1", "claude-sonnet-4-5", keyRpm, null, 10, output);
    }

    @Test
    void keyRequestsPerMinuteRefuseTheNextWithRetryAfterUntilTheMinuteEnds() {
        RateLimiter l = limiter(new RateLimitProperties.Limits(3, null, null, null), NONE, NONE, Map.of());
        for (int i = 0; i < 3; i++) {
            Admission a = l.admit(req("k1", null, null, 1));
            assertThat(a.headers()).containsEntry("anthropic-ratelimit-requests-remaining", Integer.toString(2 - i))
                    .containsEntry("anthropic-ratelimit-requests-limit", "3")
                    .containsEntry("anthropic-ratelimit-requests-reset", "2026-11-24T18:11:00Z");
        }
        assertThatThrownBy(() -> l.admit(req("k1", null, null, 1)))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.retryAfterSeconds()).isEqualTo(45);
                    assertThat(e.getMessage()).contains("key allows 3 requests per minute").contains("2026-11-24T18:11:00Z");
                    assertThat(e.headers()).containsEntry("anthropic-ratelimit-requests-remaining", "0");
                });
        // another key is not affected; the next minute starts afresh
        l.admit(req("k2", null, null, 1));
        now.addAndGet(45_000);
        assertThat(l.admit(req("k1", null, null, 1)).headers()).containsEntry("anthropic-ratelimit-requests-remaining", "2");
    }

    @Test
    void theKeysOwnLimitWinsWhenTighterThanTheDeploymentDefault() {
        RateLimiter l = limiter(new RateLimitProperties.Limits(100, null, null, null), NONE, NONE, Map.of());
        l.admit(req("k1", null, 1, 1));
        assertThatThrownBy(() -> l.admit(req("k1", null, 1, 1))).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void keyTokensPerMinuteCountInputAndOutputTogether() {
        RateLimiter l = limiter(NONE, NONE, NONE, Map.of());
        AdmissionRequest r = new AdmissionRequest("k1", null, null, null, null, 1000, 100, 500);
        Admission first = l.admit(r);
        assertThat(first.headers()).containsEntry("anthropic-ratelimit-tokens-remaining", "400");
        l.admit(r); // 600 < 1000: still headroom, reserves up to 1200
        assertThatThrownBy(() -> l.admit(r)).isInstanceOf(RateLimitedException.class);
        l.settle(first, 50, 50); // the first really used 100, not 600
        assertThat(l.admit(r).headers()).containsEntry("anthropic-ratelimit-tokens-remaining", "0");
    }

    @Test
    void outputTokensAreReservedAtAdmissionAndSettledWithTheRealCount() {
        RateLimiter l = limiter(new RateLimitProperties.Limits(null, null, 1000, null), NONE, NONE, Map.of());
        Admission a = l.admit(req("k1", null, null, 600));
        assertThat(a.headers()).containsEntry("anthropic-ratelimit-output-tokens-remaining", "400")
                .containsEntry("anthropic-ratelimit-tokens-remaining", "400");
        l.admit(req("k1", null, null, 600)); // 600 < 1000
        assertThatThrownBy(() -> l.admit(req("k1", null, null, 600)))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.getMessage()).contains("1000 output tokens per minute"));
        l.settle(a, 10, 100);
        l.settle(a, 10, 100); // settling twice changes nothing
        // 600 + 600 reserved, the first settled at 100: 700, plus this 100
        assertThat(l.admit(req("k1", null, null, 100)).headers()).containsEntry("anthropic-ratelimit-output-tokens-remaining", "200");
    }

    @Test
    void aCallThatOutlivesItsMinuteChargesItsTokensToTheMinuteTheyArrived() {
        RateLimiter l = limiter(new RateLimitProperties.Limits(null, 1000, null, null), NONE, NONE, Map.of());
        Admission a = l.admit(req("k1", null, null, 1));
        now.addAndGet(60_000);
        l.settle(a, 900, 1);
        assertThat(l.admit(req("k1", null, null, 1)).headers()).containsEntry("anthropic-ratelimit-input-tokens-remaining", "90");
    }

    @Test
    void concurrentRequestsFreeTheirSlotAtSettle() {
        RateLimiter l = limiter(NONE, new RateLimitProperties.Limits(null, null, null, 2), NONE, Map.of());
        Admission a = l.admit(req("k1", "alice", null, 1));
        l.admit(req("k2", "alice", null, 1)); // another key of the same user
        assertThatThrownBy(() -> l.admit(req("k1", "alice", null, 1)))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.getMessage()).contains("user allows 2 concurrent requests");
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        l.admit(req("k1", "bob", null, 1));
        l.settle(a, 1, 1);
        l.admit(req("k1", "alice", null, 1));
    }

    @Test
    void aRefusalGivesBackWhatTheEarlierLimitsTook() {
        RateLimiter l = limiter(new RateLimitProperties.Limits(10, null, null, null),
                new RateLimitProperties.Limits(null, null, null, 1), NONE, Map.of());
        l.admit(req("k1", "alice", null, 1));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> l.admit(req("k1", "alice", null, 1))).isInstanceOf(RateLimitedException.class);
        }
        // only the admitted request counts against the key's 10 rpm
        assertThat(l.admit(req("k1", "bob", null, 1)).headers()).containsEntry("anthropic-ratelimit-requests-remaining", "8");
    }

    @Test
    void teamAndModelLimitsSpanKeysAndTheModelLimitOnlyItsModel() {
        RateLimiter l = limiter(NONE, NONE, new RateLimitProperties.Limits(3, null, null, null),
                Map.of("claude-opus-4-1", new RateLimitProperties.Limits(1, null, null, null)));
        l.admit(new AdmissionRequest("k1", null, "other", "claude-opus-4-1", null, null, 1, 1));
        assertThatThrownBy(() -> l.admit(new AdmissionRequest("k2", null, "another", "claude-opus-4-1", null, null, 1, 1)))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.getMessage()).contains("model claude-opus-4-1"));
        l.admit(req("a", null, null, 1));
        l.admit(req("b", null, null, 1));
        l.admit(req("c", null, null, 1));
        assertThatThrownBy(() -> l.admit(req("d", null, null, 1)))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.getMessage()).contains("team allows 3"));
    }

    @Test
    void withNothingConfiguredNothingIsCountedOrAnnounced() {
        RateLimiter l = limiter(NONE, NONE, NONE, Map.of());
        for (int i = 0; i < 1000; i++) {
            assertThat(l.admit(req("k1", "alice", null, 32000)).headers()).isEmpty();
        }
    }
}
