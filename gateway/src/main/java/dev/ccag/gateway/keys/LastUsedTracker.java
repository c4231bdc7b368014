package dev.ccag.gateway.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last-used times, kept off the hot path: a request costs one map lookup, a key is marked at most once
 * a minute, and marks are written in one batch by {@link #flush()} on a background thread. Memory is
 * bounded by the number of keys.
 */
public final class LastUsedTracker {
    private static final Logger log = LoggerFactory.getLogger(LastUsedTracker.class);
    private static final long MIN_INTERVAL_MS = 60_000;
    private final ApiKeyRepository keys;
    private final Clock clock;
    private final ConcurrentHashMap<String, Long> lastMarked = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();

    public LastUsedTracker(ApiKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    public void touch(String keyId) {
        long now = clock.millis();
        Long last = lastMarked.get(keyId);
        if (last != null && now - last < MIN_INTERVAL_MS) {
            return;
        }
        lastMarked.put(keyId, now);
        pending.put(keyId, Instant.ofEpochMilli(now));
    }

    /** Writes pending marks; on failure they are put back for the next flush. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        try {
            keys.touch(batch);
        } catch (RuntimeException e) {
            batch.forEach(pending::putIfAbsent);
            log.warn("could not record key last-use times ({} keys), will retry: {}", batch.size(), e.toString());
        }
    }
}
