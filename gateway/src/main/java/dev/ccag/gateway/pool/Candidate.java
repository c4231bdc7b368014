package dev.ccag.gateway.pool;

import dev.ccag.gateway.bedrock.ResolvedModel;

/** An endpoint that may serve a request, with the Bedrock model id to use there. */
public record Candidate(PoolEndpoint endpoint, ResolvedModel model) {}
