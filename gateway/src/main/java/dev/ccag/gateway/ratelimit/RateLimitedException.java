package dev.ccag.gateway.ratelimit;

import java.util.Map;

/**
 * A request refused by a rate limit. Carries the response headers describing the limits, the limit
 * that refused it (for the message) and how long until it may pass.
 */
public final class RateLimitedException extends RuntimeException {
    private final int retryAfterSeconds;
    private final Map<String, String> headers;

    RateLimitedException(String message, int retryAfterSeconds, Map<String, String> headers) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
        this.headers = Map.copyOf(headers);
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** {@code anthropic-ratelimit-*} headers, as on a successful response. */
    public Map<String, String> headers() {
        return headers;
    }
}
