package dev.ccag.gateway.budget;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A budget has reached its block threshold: the request is refused until the period resets or the limit is raised. */
public final class BudgetExceededException extends RuntimeException {
    private final Map<String, String> headers;
    private final @Nullable Instant resetsAt;
    private final boolean retryable;

    private BudgetExceededException(String message, Map<String, String> headers, @Nullable Instant resetsAt, boolean retryable) {
        super(message, null, false, false);
        this.headers = headers;
        this.resetsAt = resetsAt;
        this.retryable = retryable;
    }

    static BudgetExceededException of(BudgetTracker.BudgetState state, long spentMicros) {
        Budget b = state.budget();
        Instant reset = state.window().end();
        String when = reset == null
                ? "It is a total budget and does not reset; ask an administrator to raise its limit."
                : "It resets at " + reset + "; until then, ask an administrator to raise its limit.";
        String message = "Budget exceeded: '" + b.name() + "' (" + b.scope().label() + ", " + b.period().label() + ") has spent "
                + Money.usd(spentMicros) + " of its " + Money.usd(b.limitMicros()) + " limit this period. " + when;
        return new BudgetExceededException(message, UnifiedHeaders.of(state, spentMicros, true), reset, false);
    }

    /** The budget is not spent, but what is left is reserved by requests in flight: retry in a moment. */
    static BudgetExceededException busy(BudgetTracker.BudgetState state, long spentMicros, long reservedMicros) {
        Budget b = state.budget();
        String message = "Budget '" + b.name() + "' (" + b.scope().label() + ", " + b.period().label() + ") is nearly exhausted: "
                + Money.usd(spentMicros) + " spent and " + Money.usd(reservedMicros) + " reserved by requests in flight, of its "
                + Money.usd(b.limitMicros()) + " limit. Retry when they have finished.";
        return new BudgetExceededException(message, UnifiedHeaders.of(state, spentMicros, false), state.window().end(), true);
    }

    /** True when the refusal is only for requests in flight (retry shortly); false when the budget is spent. */
    public boolean retryable() {
        return retryable;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public @Nullable Instant resetsAt() {
        return resetsAt;
    }
}
