package dev.ccag.gateway.budget;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * What a request took from the budgets at admission: its cost estimate reserved on each counter,
 * the strictest throttle in force (if any), and the most used budget (for the response headers).
 */
public final class BudgetAdmission {
    public static final BudgetAdmission NONE = new BudgetAdmission(List.of(), 0, null, null, null, 0);

    private final List<String> counters;
    private final long estimateMicros;
    private final @Nullable Integer throttleRpm;
    private final BudgetTracker.@Nullable BudgetState throttledBy;
    private final BudgetTracker.@Nullable BudgetState mostUsed;
    private final long mostUsedSpentMicros;
    private final AtomicBoolean released = new AtomicBoolean();

    BudgetAdmission(List<String> counters, long estimateMicros, @Nullable Integer throttleRpm,
            BudgetTracker.@Nullable BudgetState throttledBy, BudgetTracker.@Nullable BudgetState mostUsed, long mostUsedSpentMicros) {
        this.counters = counters;
        this.estimateMicros = estimateMicros;
        this.throttleRpm = throttleRpm;
        this.throttledBy = throttledBy;
        this.mostUsed = mostUsed;
        this.mostUsedSpentMicros = mostUsedSpentMicros;
    }

    List<String> counters() { return counters; }
    long estimateMicros() { return estimateMicros; }

    /** Requests per minute allowed per key while a throttle action is in force; null when none is. */
    public @Nullable Integer throttleRpm() { return throttleRpm; }

    /** The name of the budget whose throttle is in force, for the refusal message. */
    public @Nullable String throttledByName() { return throttledBy == null ? null : throttledBy.budget().name(); }

    /** {@code anthropic-ratelimit-unified-*} headers describing the most used budget; empty when none applies. */
    public java.util.Map<String, String> headers() {
        return mostUsed == null ? java.util.Map.of() : UnifiedHeaders.of(mostUsed, mostUsedSpentMicros, false);
    }

    boolean markReleased() {
        return !counters.isEmpty() && released.compareAndSet(false, true);
    }
}
