package dev.ccag.gateway.budget;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A budget's standing in its current period, as the admin API shows it. */
public record BudgetStatus(@Nullable Instant periodStart, @Nullable Instant periodEnd, long spentMicros, long reservedMicros,
        double utilization, String state) {

    static BudgetStatus of(BudgetTracker.BudgetState s, long spentMicros, long reservedMicros) {
        Budget b = s.budget();
        String state = BudgetRules.blocks(b, spentMicros) ? "blocked"
                : BudgetRules.throttleRpm(b, spentMicros) != null ? "throttled"
                : BudgetRules.surpassedPercent(b, spentMicros) > 0 ? "warning" : "ok";
        double utilization = Math.round(10_000.0 * spentMicros / Math.max(1, b.limitMicros())) / 10_000.0;
        return new BudgetStatus(s.window().start(), s.window().end(), spentMicros, reservedMicros, utilization, state);
    }
}
