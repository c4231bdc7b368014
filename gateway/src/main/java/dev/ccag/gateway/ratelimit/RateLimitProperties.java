package dev.ccag.gateway.ratelimit;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ccag.ratelimit.*}: deployment-wide rate limits. Every limit is off unless set.
 *
 * @param key    applied to every key, on top of the key's own {@code max_rpm}/{@code max_tpm} (the tighter wins)
 * @param user   applied to each user (all of a user's keys together)
 * @param team   applied to each team (all of its members together)
 * @param models per model for the whole deployment, by catalog id (e.g. {@code claude-opus-4-1-20250805})
 * @param store  {@code local} (this process only, the single-instance default); {@code redis} is not built yet
 */
@ConfigurationProperties(prefix = "ccag.ratelimit")
public record RateLimitProperties(
        @DefaultValue Limits key,
        @DefaultValue Limits user,
        @DefaultValue Limits team,
        @DefaultValue Map<String, Limits> models,
        @DefaultValue("local") String store) {

    /**
     * @param rpm          requests per minute
     * @param inputTpm     input tokens per minute (input plus cache writes, as Anthropic counts them)
     * @param outputTpm    output tokens per minute
     * @param concurrent   requests in flight at once
     */
    public record Limits(@Nullable Integer rpm, @Nullable Integer inputTpm, @Nullable Integer outputTpm,
            @Nullable Integer concurrent) {

        boolean any() {
            return rpm != null || inputTpm != null || outputTpm != null || concurrent != null;
        }
    }

    public RateLimitProperties {
        if (!"local".equals(store)) {
            throw new IllegalArgumentException("ccag.ratelimit.store: only 'local' is supported so far, got '" + store + "'");
        }
    }

    boolean any() {
        return key.any() || user.any() || team.any() || models.values().stream().anyMatch(Limits::any);
    }
}
