package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.keys.KeyPolicy;
import java.util.List;

/**
 * Refuses models the key is not granted, by the catalog id or the id the client sent (so a grant of
 * {@code claude-sonnet-*} covers aliases and dated ids alike). The model id itself was mapped per
 * endpoint when the endpoints were chosen ({@link SelectEndpointStep}).
 */
final class ResolveModelStep implements ProxyStep {

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        List<String> granted = exchange.principal.allowedModels();
        if (granted != null && !KeyPolicy.allows(granted, exchange.model.anthropicId())
                && !KeyPolicy.allows(granted, exchange.requestedModel)) {
            throw new ApiException(ApiError.permission("This API key may not use model " + exchange.requestedModel));
        }
        next.proceed(exchange);
    }
}
