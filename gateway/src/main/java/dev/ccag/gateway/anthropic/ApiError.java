package dev.ccag.gateway.anthropic;

import org.jspecify.annotations.Nullable;

/**
 * An error in Anthropic's shape: {@code {"type":"error","error":{"type":type,"message":message},"request_id":...}}.
 * {@code retryAfterSeconds} becomes the {@code retry-after} header; Claude Code honours it on 429 and 529.
 */
public record ApiError(int status, String type, String message, @Nullable Integer retryAfterSeconds) {

    public static ApiError invalidRequest(String message) {
        return new ApiError(400, "invalid_request_error", message, null);
    }

    public static ApiError authentication(String message) {
        return new ApiError(401, "authentication_error", message, null);
    }

    public static ApiError permission(String message) {
        return new ApiError(403, "permission_error", message, null);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found_error", message, null);
    }

    public static ApiError requestTooLarge(String message) {
        return new ApiError(413, "request_too_large", message, null);
    }

    public static ApiError rateLimited(String message, int retryAfterSeconds) {
        return new ApiError(429, "rate_limit_error", message, retryAfterSeconds);
    }

    /** A spend budget is exhausted: 429 like a rate limit, but retrying cannot help (the proxy adds {@code x-should-retry: false}). */
    public static ApiError budgetExceeded(String message, @Nullable Integer secondsUntilReset) {
        return new ApiError(429, "rate_limit_error", message, secondsUntilReset);
    }

    public static ApiError api(String message) {
        return new ApiError(500, "api_error", message, null);
    }

    public static ApiError timeout(String message) {
        return new ApiError(504, "timeout_error", message, null);
    }

    public static ApiError overloaded(String message, int retryAfterSeconds) {
        return new ApiError(529, "overloaded_error", message, retryAfterSeconds);
    }
}
