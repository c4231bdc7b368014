package dev.ccag.gateway.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters in this process: one small object per bucket, locked on its own, so keys never wait for
 * each other. Only the current window of each bucket is kept.
 */
public final class LocalRateLimitStore implements RateLimitStore {
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> slots = new ConcurrentHashMap<>();

    private static final class Window {
        long start;
        long count;
    }

    @Override
    public long tryAdd(String bucket, long windowStartMillis, long amount, long limit) {
        Window w = windows.computeIfAbsent(bucket, b -> new Window());
        synchronized (w) {
            if (w.start != windowStartMillis) {
                if (w.start > windowStartMillis) {
                    return -1 - w.count; // a caller with a stale clock reading: treat as refused rather than reopen an old window
                }
                w.start = windowStartMillis;
                w.count = 0;
            }
            if (w.count >= limit) {
                return -1 - w.count;
            }
            w.count += amount;
            return w.count;
        }
    }

    @Override
    public void adjust(String bucket, long windowStartMillis, long delta) {
        Window w = windows.get(bucket);
        if (w == null) {
            return;
        }
        synchronized (w) {
            if (w.start == windowStartMillis) {
                w.count = Math.max(0, w.count + delta);
            }
        }
    }

    @Override
    public long acquire(String bucket, long limit) {
        AtomicLong taken = slots.computeIfAbsent(bucket, b -> new AtomicLong());
        while (true) {
            long now = taken.get();
            if (now >= limit) {
                return -1 - now;
            }
            if (taken.compareAndSet(now, now + 1)) {
                return now + 1;
            }
        }
    }

    @Override
    public void release(String bucket) {
        AtomicLong taken = slots.get(bucket);
        if (taken != null) {
            taken.updateAndGet(n -> Math.max(0, n - 1));
        }
    }
}
