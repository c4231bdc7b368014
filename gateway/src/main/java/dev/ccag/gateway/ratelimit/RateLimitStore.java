package dev.ccag.gateway.ratelimit;

/**
 * Where the counters live. The in-process {@link LocalRateLimitStore} serves a single instance; a
 * shared store (Redis/Valkey) makes N replicas enforce one limit, not N of them. Implementations
 * must make each call atomic for its bucket and must not serialise unrelated buckets.
 */
public interface RateLimitStore {

    /**
     * Adds {@code amount} to the bucket's count for the window starting at {@code windowStartMillis}
     * if the count before it is below {@code limit} (a request is admitted while there is any headroom;
     * its reservation may take the count over). Returns the count after the call, or, when refused,
     * {@code -1 - count} with the count unchanged.
     */
    long tryAdd(String bucket, long windowStartMillis, long amount, long limit);

    /** Corrects a window's count (settling an estimate, undoing a reservation). No-op once the window has passed. */
    void adjust(String bucket, long windowStartMillis, long delta);

    /** Takes a slot if fewer than {@code limit} are taken; returns the slots taken after the call, or {@code -1 - taken} when refused. */
    long acquire(String bucket, long limit);

    void release(String bucket);
}
