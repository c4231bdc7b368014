package dev.ccag.gateway.pool;

import java.util.Locale;

/**
 * What one Bedrock call on one endpoint came to, as far as routing cares. Throttled and unavailable
 * calls count against the endpoint's health and are retried on the next endpoint; a client error
 * (validation, access, not found) would fail anywhere and is not.
 */
public enum Outcome {
    OK, THROTTLED, UNAVAILABLE, CLIENT_ERROR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean retryElsewhere() {
        return this == THROTTLED || this == UNAVAILABLE;
    }

    /**
     * From the Anthropic status the Bedrock error maps to: 429 (ThrottlingException, quota) is a
     * throttle; 5xx and 529 (internal, unavailable, model not ready, model timeout, the gateway's own
     * credentials refused) mean this endpoint cannot serve now; the rest is about the request.
     */
    public static Outcome ofMappedStatus(int status) {
        if (status == 429) return THROTTLED;
        if (status >= 500) return UNAVAILABLE;
        return CLIENT_ERROR;
    }
}
