package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.notify.RateLimitStormDetector;
import dev.ccag.gateway.ratelimit.Admission;
import dev.ccag.gateway.ratelimit.AdmissionRequest;
import dev.ccag.gateway.ratelimit.RateLimitedException;
import dev.ccag.gateway.ratelimit.RateLimiter;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Admission control for Messages calls: takes the request's share of the rate limits (refusing it
 * with 429 {@code rate_limit_error} when one has no headroom), puts the {@code anthropic-ratelimit-*}
 * headers on the response, and settles the token estimates with the real usage once the call ended.
 * {@code count_tokens} is not limited. Headers set here survive an error response (only the body is reset).
 */
final class AdmitStep implements ProxyStep {
    /** Rough bytes of request JSON per input token; the estimate is corrected with the real count at settle. */
    private static final int BYTES_PER_TOKEN = 4;
    private final RateLimiter limiter;
    private final RateLimitStormDetector storms;

    AdmitStep(RateLimiter limiter, RateLimitStormDetector storms) {
        this.limiter = limiter;
        this.storms = storms;
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        if (exchange.route != ProxyRoute.MESSAGES) {
            next.proceed(exchange);
            return;
        }
        Admission admission;
        try {
            admission = limiter.admit(request(exchange));
        } catch (RateLimitedException e) {
            setHeaders(exchange, e.headers());
            storms.refused(exchange.principal.keyId(), exchange.principal.userId(), e.limit(), Instant.now());
            throw new ApiException(ApiError.rateLimited(e.getMessage(), e.retryAfterSeconds()));
        }
        setHeaders(exchange, admission.headers());
        try {
            next.proceed(exchange);
        } finally {
            Usage usage = exchange.usage;
            limiter.settle(admission, usage.inputTokens() + usage.cacheWriteTokens(), usage.outputTokens());
        }
    }

    private static AdmissionRequest request(ProxyExchange exchange) {
        var p = exchange.principal;
        JsonNode maxTokens = exchange.json == null ? null : exchange.json.get("max_tokens");
        long output = maxTokens != null && maxTokens.isNumber() ? Math.max(0, maxTokens.asLong()) : 0;
        long input = exchange.body == null ? 0 : exchange.body.length / BYTES_PER_TOKEN;
        String model = exchange.model == null ? null : exchange.model.anthropicId();
        return new AdmissionRequest(p.keyId(), p.userId(), p.teamId(), model, p.maxRpm(), p.maxTpm(), input, output);
    }

    private static void setHeaders(ProxyExchange exchange, Map<String, String> headers) {
        if (exchange.response.isCommitted()) {
            return;
        }
        headers.forEach(exchange.response::setHeader);
    }
}
