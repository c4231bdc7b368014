package dev.ccag.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A refresh that re-reads an unchanged key must never make it disappear, not even for a moment. */
class DatabaseAuthenticatorRefreshTest {
    private final KeyHasher hasher = new KeyHasher("pepper-of-sixteen-bytes".getBytes(StandardCharsets.UTF_8));

    @Test
    void aValidKeyStaysValidWhileRefreshesRun() throws Exception {
        String key = ApiKeyFormat.generate();
        ApiKeyRepository.AuthRow row = new ApiKeyRepository.AuthRow("k1", hasher.hash(key), null, null, "sk-ccag-...abcd",
                "personal", "u1", null, null, null, null, null, null, true, null, null, null, Instant.now());
        ApiKeyRepository repo = new ApiKeyRepository(null, null) {
            @Override public List<AuthRow> authRowsAll() { return List.of(row); }
            @Override public List<AuthRow> authRowsChangedSince(Instant since) { return List.of(row); }
            @Override public Instant latestChange() { return row.changedAt(); }
        };
        DatabaseAuthenticator auth = new DatabaseAuthenticator(hasher, repo, new LastUsedTracker(repo, Clock.systemUTC()), Clock.systemUTC(), Map.of());
        auth.reloadAll();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger misses = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                if (auth.authenticate(key).isEmpty()) misses.incrementAndGet();
                lookups.incrementAndGet();
            }
        });
        for (int i = 0; i < 20_000; i++) {
            auth.refresh();
        }
        stop.set(true);
        reader.join();
        assertThat(lookups.get()).isPositive();
        assertThat(misses.get()).as("lookups that missed a valid key during refresh").isZero();
    }
}
