package dev.ccag.gateway.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/** Summed usage of one group (a user, team, key, model or day). Money in micro-dollars, plus USD as an exact decimal string. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsageTotals(
        String group,
        long requests,
        long errors,
        @JsonProperty("input_tokens") long inputTokens,
        @JsonProperty("output_tokens") long outputTokens,
        @JsonProperty("cache_read_tokens") long cacheReadTokens,
        @JsonProperty("cache_write_tokens") long cacheWriteTokens,
        @JsonProperty("web_search_requests") long webSearchRequests,
        @JsonProperty("cost_micros") long costMicros) {

    @JsonProperty("cost_usd")
    public String costUsd() {
        return BigDecimal.valueOf(costMicros).movePointLeft(6).toPlainString();
    }
}
