package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;

/** Ends a request with an error the client sees in Anthropic's shape. No stack trace: it is control flow. */
public final class ApiException extends RuntimeException {
    private final ApiError error;

    public ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
