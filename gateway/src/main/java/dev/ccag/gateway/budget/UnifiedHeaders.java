package dev.ccag.gateway.budget;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code anthropic-ratelimit-unified-*} headers Claude Code reads for subscription usage limits,
 * filled from a CCAG budget. Claude Code knows two windows, {@code 5h} and {@code 7d}; a daily budget
 * is reported in the short one and weekly, monthly and total budgets in the long one. Utilisation is
 * a fraction of the limit, resets are epoch seconds (a total budget never resets: no reset header).
 */
final class UnifiedHeaders {
    private static final String P = "anthropic-ratelimit-unified-";

    private UnifiedHeaders() {}

    static Map<String, String> of(BudgetTracker.BudgetState state, long spentMicros, boolean rejected) {
        Budget b = state.budget();
        int surpassed = BudgetRules.surpassedPercent(b, spentMicros);
        String status = rejected ? "rejected" : surpassed > 0 ? "allowed_warning" : "allowed";
        String window = b.period() == BudgetPeriod.DAILY ? "5h" : "7d";
        Map<String, String> h = new LinkedHashMap<>();
        h.put(P + "status", rejected ? "rejected" : "allowed");
        String reset = state.window().end() == null ? null : Long.toString(state.window().end().getEpochSecond());
        if (reset != null) h.put(P + "reset", reset);
        h.put(P + window + "-status", status);
        h.put(P + window + "-utilization", fraction(spentMicros, b.limitMicros()));
        if (reset != null) h.put(P + window + "-reset", reset);
        if (surpassed > 0) h.put(P + window + "-surpassed-threshold", percentFraction(surpassed));
        return h;
    }

    private static String fraction(long spent, long limit) {
        return java.math.BigDecimal.valueOf(spent).divide(java.math.BigDecimal.valueOf(Math.max(1, limit)), 4,
                java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String percentFraction(int percent) {
        return java.math.BigDecimal.valueOf(percent, 2).stripTrailingZeros().toPlainString();
    }
}
