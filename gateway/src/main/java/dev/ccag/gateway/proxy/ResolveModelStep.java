package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.ModelResolver;
import dev.ccag.gateway.bedrock.UnknownModelException;
import dev.ccag.gateway.keys.KeyPolicy;
import java.util.List;

/**
 * Maps the client's model id to the Bedrock model or inference profile of the chosen endpoint, and
 * refuses models the key is not granted (by the catalog id or the id the client sent, so a grant of
 * {@code claude-sonnet-*} covers aliases and dated ids alike).
 */
final class ResolveModelStep implements ProxyStep {
    private final ModelResolver resolver;

    ResolveModelStep(ModelResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        try {
            exchange.model = resolver.resolve(exchange.requestedModel, exchange.endpoint.profile());
        } catch (UnknownModelException e) {
            throw new ApiException(ApiError.notFound("model: " + exchange.requestedModel));
        }
        List<String> granted = exchange.principal.allowedModels();
        if (granted != null && !KeyPolicy.allows(granted, exchange.model.anthropicId())
                && !KeyPolicy.allows(granted, exchange.requestedModel)) {
            throw new ApiException(ApiError.permission("This API key may not use model " + exchange.requestedModel));
        }
        next.proceed(exchange);
    }
}
