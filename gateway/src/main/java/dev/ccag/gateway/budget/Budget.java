package dev.ccag.gateway.budget;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A spend limit on a key, user, team or the deployment, over a calendar period in a time zone, with
 * the actions it takes at thresholds. Amounts are micro-dollars, like the ledger.
 */
public record Budget(String id, String name, BudgetScope scope, @Nullable String scopeId, BudgetPeriod period,
        ZoneId zone, long limitMicros, List<BudgetAction> actions, boolean enabled, Instant createdAt, Instant updatedAt) {

    public Budget {
        actions = List.copyOf(actions);
    }

    public String counter() {
        return scope.counter(scopeId);
    }

    /** The lowest threshold with a block action, in micro-dollars; {@link Long#MAX_VALUE} when it never blocks. */
    public long blockAtMicros() {
        long at = Long.MAX_VALUE;
        for (BudgetAction a : actions) {
            if (a.type() == BudgetAction.Type.BLOCK) at = Math.min(at, a.thresholdMicros(limitMicros));
        }
        return at;
    }
}
