package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.ModelResolver;
import dev.ccag.gateway.bedrock.UnknownModelException;

/** Maps the client's model id to the Bedrock model or inference profile of the chosen endpoint. */
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
        next.proceed(exchange);
    }
}
