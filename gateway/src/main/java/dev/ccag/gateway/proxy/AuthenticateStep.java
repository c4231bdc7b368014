package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.keys.Authenticator;
import dev.ccag.gateway.keys.PresentedKeys;
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
        PresentedKeys keys = PresentedKeys.from(exchange.request.header("x-api-key"), exchange.request.header("Authorization"));
        if (keys.none()) {
            throw new ApiException(ApiError.authentication("x-api-key header is required"));
        }
        Principal principal = keys.authenticate(authenticator).orElse(null);
        if (principal == null) {
            throw new ApiException(ApiError.authentication("invalid x-api-key"));
        }
        exchange.principal = principal;
        next.proceed(exchange);
    }
}
