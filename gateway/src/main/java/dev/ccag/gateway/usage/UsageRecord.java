package dev.ccag.gateway.usage;

import java.time.Instant;

/**
 * One ledger row: a proxied request, its attribution, tokens, cost and timings (never prompt or
 * completion text). Mirrors {@code usage_records}.
 */
public record UsageRecord(
        String requestId,
        Instant occurredAt,
        String keyId,
        String userId,
        String teamId,
        String requestedModel,
        String model,
        String bedrockModel,
        String endpoint,
        int status,
        boolean streaming,
        boolean clientAborted,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWrite5mTokens,
        long cacheWrite1hTokens,
        int webSearchRequests,
        long costMicros,
        String priceJson,
        Integer latencyMs,
        Integer ttfbMs,
        String sessionId,
        String agentId) {

    /** The model a rollup row is filed under: the catalog id, else what the client asked for. */
    public String rollupModel() {
        return model != null ? model : requestedModel != null ? requestedModel : "unknown";
    }

    public boolean isError() {
        return status < 200 || status >= 300;
    }

    public long cacheWriteTokens() {
        return cacheWrite5mTokens + cacheWrite1hTokens;
    }
}
