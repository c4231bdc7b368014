package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.budget.BudgetAdmission;
import dev.ccag.gateway.budget.BudgetExceededException;
import dev.ccag.gateway.budget.BudgetTracker;
import dev.ccag.gateway.budget.CostEstimator;
import dev.ccag.gateway.notify.RateLimitStormDetector;
import dev.ccag.gateway.ratelimit.Admission;
import dev.ccag.gateway.ratelimit.AdmissionRequest;
import dev.ccag.gateway.ratelimit.RateLimitedException;
import dev.ccag.gateway.ratelimit.RateLimiter;
import java.time.Instant;
import java.util.Map;

/**
 * Admission control for Messages calls, in two parts:
 * <ol>
 *   <li>budgets: reserves the request's estimated cost on each budget that applies, or refuses it with
 *       429 {@code rate_limit_error} and {@code x-should-retry: false} when one is exhausted (retrying
 *       cannot help until the period resets); a budget past its throttle threshold tightens the key's
 *       requests per minute;</li>
 *   <li>rate limits: takes the request's share (refusing it with 429 and {@code retry-after} when one
 *       has no headroom).</li>
 * </ol>
 * Puts the {@code anthropic-ratelimit-*} and {@code anthropic-ratelimit-unified-*} headers on the
 * response and gives the reservations back once the call ended (its real cost is in the ledger by
 * then). {@code count_tokens} is neither budgeted nor limited. Headers set here survive an error
 * response (only the body is reset).
 */
final class AdmitStep implements ProxyStep {
    /** Rough bytes of request JSON per input token; the estimate is corrected with the real count at settle. */
    private static final int BYTES_PER_TOKEN = 4;
    private final RateLimiter limiter;
    private final RateLimitStormDetector storms;
    private final BudgetTracker budgets;
    private final CostEstimator costs;

    AdmitStep(RateLimiter limiter, RateLimitStormDetector storms, BudgetTracker budgets, CostEstimator costs) {
        this.limiter = limiter;
        this.storms = storms;
        this.budgets = budgets;
        this.costs = costs;
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        if (exchange.route != ProxyRoute.MESSAGES) {
            next.proceed(exchange);
            return;
        }
        var p = exchange.principal;
        long output = Math.max(0, exchange.maxTokens);
        long input = exchange.body == null ? 0 : exchange.body.length / BYTES_PER_TOKEN;
        BudgetAdmission budget;
        try {
            budget = budgets.admit(p.keyId(), p.userId(), p.teamId(),
                    () -> costs.micros(exchange.model, exchange.requestedModel, input, output));
        } catch (BudgetExceededException e) {
            setHeaders(exchange, e.headers());
            if (e.retryable()) {
                throw new ApiException(ApiError.rateLimited(e.getMessage(), 1));
            }
            exchange.response.setHeader("x-should-retry", "false");
            Integer untilReset = e.resetsAt() == null ? null
                    : (int) Math.min(Integer.MAX_VALUE, Math.max(1, java.time.Duration.between(Instant.now(), e.resetsAt()).toSeconds()));
            throw new ApiException(ApiError.budgetExceeded(e.getMessage(), untilReset));
        }
        Admission admission;
        try {
            admission = limiter.admit(request(exchange, input, output, budget));
        } catch (RateLimitedException e) {
            budgets.release(budget);
            setHeaders(exchange, e.headers());
            storms.refused(p.keyId(), p.userId(), e.limit(), Instant.now());
            throw new ApiException(ApiError.rateLimited(e.getMessage(), e.retryAfterSeconds()));
        }
        setHeaders(exchange, admission.headers());
        setHeaders(exchange, budget.headers());
        try {
            next.proceed(exchange);
        } finally {
            Usage usage = exchange.usage;
            limiter.settle(admission, usage.inputTokens() + usage.cacheWriteTokens(), usage.outputTokens());
            budgets.release(budget);
        }
    }

    private static AdmissionRequest request(ProxyExchange exchange, long input, long output, BudgetAdmission budget) {
        var p = exchange.principal;
        String model = exchange.model == null ? null : exchange.model.anthropicId();
        return new AdmissionRequest(p.keyId(), p.userId(), p.teamId(), model, p.maxRpm(), p.maxTpm(), input, output,
                budget.throttleRpm(), budget.throttledByName());
    }

    private static void setHeaders(ProxyExchange exchange, Map<String, String> headers) {
        if (exchange.response.isCommitted()) {
            return;
        }
        headers.forEach(exchange.response::setHeader);
    }
}
