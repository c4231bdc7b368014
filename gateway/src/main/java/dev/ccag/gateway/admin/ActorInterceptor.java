package dev.ccag.gateway.admin;

import dev.ccag.gateway.keys.Authenticator;
import dev.ccag.gateway.keys.PresentedKeys;
import dev.ccag.gateway.keys.Principal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates every {@code /admin/v1} request before its handler runs: a CCAG key in
 * {@code Authorization: Bearer} or {@code x-api-key}, owned by an active user. Keys without a person
 * (service keys, keys from configuration) are refused. SSO sessions will be a second way to an Actor.
 */
final class ActorInterceptor implements HandlerInterceptor {
    static final String ATTRIBUTE = Actor.class.getName();
    private final Authenticator authenticator;
    private final ActorDirectory directory;

    ActorInterceptor(Authenticator authenticator, ActorDirectory directory) {
        this.authenticator = authenticator;
        this.directory = directory;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        PresentedKeys keys = PresentedKeys.from(request.getHeader("x-api-key"), request.getHeader("Authorization"));
        if (keys.none()) {
            throw ApiProblem.unauthorized("an API key is required (Authorization: Bearer or x-api-key)");
        }
        Principal principal = keys.authenticate(authenticator).orElse(null);
        if (principal == null) {
            throw ApiProblem.unauthorized("invalid, revoked or expired API key");
        }
        if (principal.userId() == null) {
            throw ApiProblem.forbidden("keys without an owner (service keys) cannot use the admin API");
        }
        Actor actor = directory.find(principal.userId(), principal.keyId())
                .orElseThrow(() -> ApiProblem.unauthorized("the key's owner is disabled"));
        request.setAttribute(ATTRIBUTE, actor);
        return true;
    }
}
