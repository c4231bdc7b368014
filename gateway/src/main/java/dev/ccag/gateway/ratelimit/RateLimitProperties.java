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
 * @param store  {@code local} (this process only, the single-instance default) or {@code redis} (Redis or Valkey,
 *               shared by the replicas so that N replicas enforce one limit)
 * @param redisUrl for {@code store=redis}, e.g. {@code redis://127.0.0.1:6379/0}
 * @param redisPrefix prefix of every key this gateway writes (several deployments may share one server)
 * @param redisTimeout longest wait for Redis; past it the request is admitted without the shared count
 */
@ConfigurationProperties(prefix = "ccag.ratelimit")
public record RateLimitProperties(
        @DefaultValue Limits key,
        @DefaultValue Limits user,
        @DefaultValue Limits team,
        @DefaultValue Map<String, Limits> models,
        @DefaultValue("local") String store,
        @Nullable String redisUrl,
        @DefaultValue("ccag:rl:") String redisPrefix,
        @DefaultValue("250ms") java.time.Duration redisTimeout) {

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
        if (!"local".equals(store) && !"redis".equals(store)) {
            throw new IllegalArgumentException("ccag.ratelimit.store: 'local' or 'redis', got '" + store + "'");
        }
        if ("redis".equals(store) && (redisUrl == null || redisUrl.isBlank())) {
            throw new IllegalArgumentException("ccag.ratelimit.redis-url is required with ccag.ratelimit.store=redis");
        }
    }

    boolean any() {
        return key.any() || user.any() || team.any() || models.values().stream().anyMatch(Limits::any);
    }
}
