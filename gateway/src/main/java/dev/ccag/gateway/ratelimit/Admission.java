package dev.ccag.gateway.ratelimit;

import java.util.List;
import java.util.Map;

/**
 * An admitted request's reservations, handed back to {@link RateLimiter#settle} when it ends, and the
 * headers to put on its response.
 */
public final class Admission {
    static final Admission NONE = new Admission(List.of(), 0, 0, 0, Map.of());

    final List<Bucket> buckets;
    final long windowStart;
    final long inputEstimate;
    final long outputEstimate;
    private final Map<String, String> headers;
    private boolean settled;

    Admission(List<Bucket> buckets, long windowStart, long inputEstimate, long outputEstimate, Map<String, String> headers) {
        this.buckets = buckets;
        this.windowStart = windowStart;
        this.inputEstimate = inputEstimate;
        this.outputEstimate = outputEstimate;
        this.headers = headers;
    }

    /** {@code anthropic-ratelimit-*} headers for the response (empty when no limit applies). */
    public Map<String, String> headers() {
        return headers;
    }

    /** True once; later calls are ignored so a reservation is never settled twice. */
    boolean markSettled() {
        if (settled) return false;
        settled = true;
        return true;
    }
}
