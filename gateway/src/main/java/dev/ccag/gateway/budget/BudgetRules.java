package dev.ccag.gateway.budget;

import org.jspecify.annotations.Nullable;

/** Which of a budget's actions are in force at a given spend. */
final class BudgetRules {
    private BudgetRules() {}

    /** The strictest rpm among throttle actions whose threshold the spend has reached; null when none has. */
    static @Nullable Integer throttleRpm(Budget b, long spentMicros) {
        Integer rpm = null;
        for (BudgetAction a : b.actions()) {
            if (a.type() == BudgetAction.Type.THROTTLE && spentMicros >= a.thresholdMicros(b.limitMicros())
                    && (rpm == null || a.rpm() < rpm)) {
                rpm = a.rpm();
            }
        }
        return rpm;
    }

    /** The highest threshold (percent) of any action the spend has reached; 0 when none. */
    static int surpassedPercent(Budget b, long spentMicros) {
        int at = 0;
        for (BudgetAction a : b.actions()) {
            if (spentMicros >= a.thresholdMicros(b.limitMicros())) at = Math.max(at, a.atPercent());
        }
        return at;
    }

    static boolean blocks(Budget b, long spentMicros) {
        return spentMicros >= b.blockAtMicros();
    }
}
