package dev.ccag.gateway.proxy;

import tools.jackson.databind.JsonNode;

/**
 * Token counts of one request as Bedrock reported them. Filled from {@code message_start} and the
 * cumulative {@code message_delta} usage, with Bedrock's invocation metrics only as a fallback.
 */
public final class Usage {
    long inputTokens = -1;
    long outputTokens = -1;
    long cacheReadTokens = -1;
    long cacheWriteTokens = -1;
    long cacheWrite5mTokens = -1;
    long cacheWrite1hTokens = -1;
    long webSearchRequests;

    /** Reads an Anthropic {@code usage} object; later (cumulative) values replace earlier ones. */
    void absorbUsage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        inputTokens = longOr(usage, "input_tokens", inputTokens);
        outputTokens = longOr(usage, "output_tokens", outputTokens);
        cacheReadTokens = longOr(usage, "cache_read_input_tokens", cacheReadTokens);
        cacheWriteTokens = longOr(usage, "cache_creation_input_tokens", cacheWriteTokens);
        JsonNode creation = usage.get("cache_creation");
        if (creation != null && creation.isObject()) {
            cacheWrite5mTokens = longOr(creation, "ephemeral_5m_input_tokens", cacheWrite5mTokens);
            cacheWrite1hTokens = longOr(creation, "ephemeral_1h_input_tokens", cacheWrite1hTokens);
        }
        JsonNode server = usage.get("server_tool_use");
        if (server != null && server.isObject()) {
            webSearchRequests = longOr(server, "web_search_requests", webSearchRequests);
        }
    }

    /** Bedrock's {@code amazon-bedrock-invocationMetrics}: used only for counts the events lacked. */
    void absorbInvocationMetrics(JsonNode metrics) {
        if (metrics == null || !metrics.isObject()) {
            return;
        }
        if (inputTokens < 0) inputTokens = longOr(metrics, "inputTokenCount", -1);
        if (outputTokens < 0) outputTokens = longOr(metrics, "outputTokenCount", -1);
        if (cacheReadTokens < 0) cacheReadTokens = longOr(metrics, "cacheReadInputTokenCount", -1);
        if (cacheWriteTokens < 0) cacheWriteTokens = longOr(metrics, "cacheWriteInputTokenCount", -1);
    }

    private static long longOr(JsonNode node, String field, long fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? v.asLong() : fallback;
    }

    public long inputTokens() { return Math.max(0, inputTokens); }
    public long outputTokens() { return Math.max(0, outputTokens); }
    public long cacheReadTokens() { return Math.max(0, cacheReadTokens); }
    public long cacheWriteTokens() { return Math.max(0, cacheWriteTokens); }
    /** 5-minute writes; when Bedrock gives no split, every write counts as 5-minute (the cheaper, default TTL). */
    public long cacheWrite5mTokens() {
        if (cacheWrite5mTokens >= 0) return cacheWrite5mTokens;
        return Math.max(0, cacheWriteTokens() - cacheWrite1hTokens());
    }
    public long cacheWrite1hTokens() { return Math.max(0, cacheWrite1hTokens); }
    public long webSearchRequests() { return webSearchRequests; }
}
