package dev.ccag.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RateLimitStormDetectorTest {
    private final List<NotificationEvent> published = new CopyOnWriteArrayList<>();
    private final RateLimitStormDetector detector = new RateLimitStormDetector(published::add, 3, Duration.ofMinutes(5));
    private static final Instant T0 = Instant.parse("2026-11-24T10:02:00Z");

    @Test
    void publishesOncePerKeyAndWindowWhenTheThresholdIsReached() {
        detector.refused("key_a", "usr_1", "rpm", T0);
        detector.refused("key_a", "usr_1", "rpm", T0.plusSeconds(10));
        assertThat(published).isEmpty();
        detector.refused("key_a", "usr_1", "rpm", T0.plusSeconds(20));
        detector.refused("key_a", "usr_1", "rpm", T0.plusSeconds(30));
        assertThat(published).hasSize(1);
        NotificationEvent e = published.getFirst();
        assertThat(e.type()).isEqualTo("ratelimit.storm");
        assertThat(e.dedupeKey()).isEqualTo("ratelimit.storm/key_a/2026-11-24T10:00:00Z");
        assertThat(e.subject()).containsEntry("key_id", "key_a").containsEntry("user_id", "usr_1").containsEntry("limit", "rpm");

        // The next window (10:05) counts from zero again.
        IntStream.range(0, 3).forEach(i -> detector.refused("key_a", null, "rpm", Instant.parse("2026-11-24T10:05:00Z")));
        assertThat(published).extracting(NotificationEvent::dedupeKey)
                .containsExactly("ratelimit.storm/key_a/2026-11-24T10:00:00Z", "ratelimit.storm/key_a/2026-11-24T10:05:00Z");
    }

    @Test
    void keysAreCountedApart() {
        detector.refused("key_a", null, "rpm", T0);
        detector.refused("key_b", null, "rpm", T0);
        detector.refused("key_a", null, "rpm", T0);
        detector.refused("key_b", null, "rpm", T0);
        assertThat(published).isEmpty();
    }

    @Test
    void concurrentRefusalsPublishExactlyOnce() throws Exception {
        List<Thread> threads = IntStream.range(0, 8).mapToObj(i -> Thread.ofPlatform().start(() -> {
            for (int j = 0; j < 50; j++) detector.refused("key_c", null, "concurrent", T0);
        })).toList();
        for (Thread t : threads) t.join();
        assertThat(published).hasSize(1);
    }
}
