package dev.ccag.gateway.websearch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Token counts summed over the upstream calls of one turn. Within a call Bedrock's usage is
 * cumulative ({@code message_start}, then {@code message_delta}), so each call's last values are
 * added once the call is over.
 */
final class TokenTotals {
    long input;
    long output;
    long cacheRead;
    long cacheWrite;
    long cacheWrite5m;
    long cacheWrite1h;
    private boolean split;

    /** Reads an Anthropic usage object of the current call; later values replace earlier ones. */
    void absorb(JsonNode usage) {
        if (usage == null || !usage.isObject()) return;
        input = longOr(usage, "input_tokens", input);
        output = longOr(usage, "output_tokens", output);
        cacheRead = longOr(usage, "cache_read_input_tokens", cacheRead);
        cacheWrite = longOr(usage, "cache_creation_input_tokens", cacheWrite);
        JsonNode creation = usage.get("cache_creation");
        if (creation != null && creation.isObject()) {
            split = true;
            cacheWrite5m = longOr(creation, "ephemeral_5m_input_tokens", cacheWrite5m);
            cacheWrite1h = longOr(creation, "ephemeral_1h_input_tokens", cacheWrite1h);
        }
    }

    /** Adds a finished call's counts. */
    void add(TokenTotals call) {
        input += call.input;
        output += call.output;
        cacheRead += call.cacheRead;
        cacheWrite += call.cacheWrite;
        // without Bedrock's split every write counts as 5-minute, the default TTL
        cacheWrite5m += call.split ? call.cacheWrite5m : Math.max(0, call.cacheWrite - call.cacheWrite1h);
        cacheWrite1h += call.cacheWrite1h;
        split = true;
    }

    /** The usage object of the turn's final {@code message_delta}. */
    ObjectNode toJson(ObjectMapper mapper, long webSearches) {
        ObjectNode u = mapper.createObjectNode();
        u.put("input_tokens", input);
        u.put("cache_creation_input_tokens", cacheWrite);
        u.put("cache_read_input_tokens", cacheRead);
        u.put("output_tokens", output);
        u.putObject("server_tool_use").put("web_search_requests", webSearches);
        return u;
    }

    private static long longOr(JsonNode node, String field, long fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? v.asLong() : fallback;
    }
}
