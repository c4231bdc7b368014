package dev.ccag.gateway.proxy;

import dev.ccag.gateway.bedrock.BedrockEndpoints;

/** Chooses the Bedrock endpoint for this request (a single configured endpoint until the pool exists). */
final class SelectEndpointStep implements ProxyStep {
    private final BedrockEndpoints endpoints;

    SelectEndpointStep(BedrockEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        exchange.endpoint = endpoints.primary();
        next.proceed(exchange);
    }
}
