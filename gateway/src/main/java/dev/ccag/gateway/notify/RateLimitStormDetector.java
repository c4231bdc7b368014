package dev.ccag.gateway.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a flood of rate-limit refusals for one key into one {@code ratelimit.storm} event per window.
 * Each replica counts its own refusals (a storm worth telling about shows on every replica), and the
 * dedupe key {@code ratelimit.storm/<key>/<window start>} makes the replicas' events one notification.
 * Call {@link #refused} from the admission path: it is a map lookup and an increment, never I/O.
 */
public class RateLimitStormDetector {
    private final Notifier notifier;
    private final int threshold;
    private final long windowSeconds;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long start, AtomicInteger count) {}

    /** @param threshold refusals of one key within one window that make a storm */
    public RateLimitStormDetector(Notifier notifier, int threshold, Duration window) {
        if (threshold < 1 || window.toSeconds() < 1) throw new IllegalArgumentException("threshold >= 1 and window >= 1s");
        this.notifier = notifier;
        this.threshold = threshold;
        this.windowSeconds = window.toSeconds();
    }

    public void refused(String keyId, String userId, String limit, Instant at) {
        long start = at.getEpochSecond() - Math.floorMod(at.getEpochSecond(), windowSeconds);
        Window w = windows.compute(keyId, (k, old) -> old != null && old.start() == start ? old : new Window(start, new AtomicInteger()));
        if (w.count().incrementAndGet() == threshold) {
            Instant windowStart = Instant.ofEpochSecond(start);
            notifier.publish(new NotificationEvent(NotificationEvent.RATELIMIT_STORM,
                    NotificationEvent.RATELIMIT_STORM + "/" + keyId + "/" + windowStart, at,
                    userId == null ? Map.of("key_id", keyId, "limit", limit, "window_start", windowStart.toString())
                            : Map.of("key_id", keyId, "user_id", userId, "limit", limit, "window_start", windowStart.toString()),
                    "Key " + keyId + " was refused " + threshold + " times by the " + limit + " limit since " + windowStart));
        }
    }
}
