package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.keys.Authenticator;
import dev.ccag.gateway.keys.Principal;

/**
 * Finds the key in {@code x-api-key} or {@code Authorization: Bearer} (Claude Code's apiKeyHelper
 * sends both). A 401 {@code authentication_error} makes Claude Code refresh its key and retry.
 */
final class AuthenticateStep implements ProxyStep {
    private final Authenticator authenticator;

    AuthenticateStep(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        String apiKey = trimToNull(exchange.request.getHeader("x-api-key"));
        String bearer = bearer(exchange.request.getHeader("Authorization"));
        if (apiKey == null && bearer == null) {
            throw new ApiException(ApiError.authentication("x-api-key header is required"));
        }
        Principal principal = apiKey != null ? authenticator.authenticate(apiKey).orElse(null) : null;
        if (principal == null && bearer != null && !bearer.equals(apiKey)) {
            principal = authenticator.authenticate(bearer).orElse(null);
        }
        if (principal == null) {
            throw new ApiException(ApiError.authentication("invalid x-api-key"));
        }
        exchange.principal = principal;
        next.proceed(exchange);
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return trimToNull(authorization.substring(7));
    }

    private static String trimToNull(String s) {
        if (s == null) return null;
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }
}
