package dev.ccag.gateway.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/** A ledger record as the admin API shows it (snake_case, the price used as a JSON object). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsageRecordView(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("key_id") String keyId,
        @JsonProperty("user_id") String userId,
        @JsonProperty("team_id") String teamId,
        @JsonProperty("requested_model") String requestedModel,
        String model,
        @JsonProperty("bedrock_model") String bedrockModel,
        String endpoint,
        int status,
        boolean streaming,
        @JsonProperty("client_aborted") boolean clientAborted,
        @JsonProperty("input_tokens") long inputTokens,
        @JsonProperty("output_tokens") long outputTokens,
        @JsonProperty("cache_read_tokens") long cacheReadTokens,
        @JsonProperty("cache_write_5m_tokens") long cacheWrite5mTokens,
        @JsonProperty("cache_write_1h_tokens") long cacheWrite1hTokens,
        @JsonProperty("web_search_requests") int webSearchRequests,
        @JsonProperty("cost_micros") long costMicros,
        @JsonRawValue @JsonProperty("price") String price,
        @JsonProperty("latency_ms") Integer latencyMs,
        @JsonProperty("ttfb_ms") Integer ttfbMs,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("agent_id") String agentId) {

    static UsageRecordView of(UsageRecord r) {
        return new UsageRecordView(r.requestId(), r.occurredAt(), r.keyId(), r.userId(), r.teamId(), r.requestedModel(), r.model(),
                r.bedrockModel(), r.endpoint(), r.status(), r.streaming(), r.clientAborted(), r.inputTokens(), r.outputTokens(),
                r.cacheReadTokens(), r.cacheWrite5mTokens(), r.cacheWrite1hTokens(), r.webSearchRequests(), r.costMicros(),
                r.priceJson(), r.latencyMs(), r.ttfbMs(), r.sessionId(), r.agentId());
    }
}
