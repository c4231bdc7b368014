package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.UnknownModelException;
import dev.ccag.gateway.keys.Principal;
import dev.ccag.gateway.pool.Candidate;
import dev.ccag.gateway.pool.EndpointRegistry;
import dev.ccag.gateway.pool.NoEndpointException;
import dev.ccag.gateway.pool.RoutePlan;

/**
 * Chooses the Bedrock endpoints for this request from the pool: only endpoints that serve the
 * requested model, ordered by the strategy of the key (or its team, or the deployment) and by
 * health. The first serves the request with its own model id; the rest are for failover.
 */
final class SelectEndpointStep implements ProxyStep {
    private final EndpointRegistry pool;

    SelectEndpointStep(EndpointRegistry pool) {
        this.pool = pool;
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        Principal p = exchange.principal;
        RoutePlan plan;
        try {
            // Sticky per user: all of a user's keys share one endpoint; keys without a user stick on their own.
            plan = pool.plan(exchange.requestedModel, p.userId() != null ? p.userId() : p.keyId(), pool.strategyFor(p.keyId(), p.teamId()));
        } catch (UnknownModelException e) {
            throw new ApiException(ApiError.notFound("model: " + exchange.requestedModel));
        } catch (NoEndpointException e) {
            throw new ApiException(ApiError.notFound(e.getMessage()));
        }
        Candidate first = plan.first();
        exchange.routePlan = plan;
        exchange.endpoint = first.endpoint().bedrock();
        exchange.model = first.model();
        next.proceed(exchange);
    }
}
