package dev.ccag.gateway.ratelimit;

import java.util.Map;

/**
 * A request refused by a rate limit. Carries the response headers describing the limits, the limit
 * that refused it (for the message) and how long until it may pass.
 */
public final class RateLimitedException extends RuntimeException {
    private final String limit;
    private final int retryAfterSeconds;
    private final Map<String, String> headers;

    RateLimitedException(String limit, String message, int retryAfterSeconds, Map<String, String> headers) {
        super(message, null, false, false);
        this.limit = limit;
        this.retryAfterSeconds = retryAfterSeconds;
        this.headers = Map.copyOf(headers);
    }

    /** Which limit refused, e.g. {@code key requests} or {@code model claude-opus-4-1 concurrent} (for notifications). */
    public String limit() {
        return limit;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** {@code anthropic-ratelimit-*} headers, as on a successful response. */
    public Map<String, String> headers() {
        return headers;
    }
}
