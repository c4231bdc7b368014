package dev.ccag.gateway.budget;

import dev.ccag.gateway.notify.NotificationEvent;
import dev.ccag.gateway.notify.Notifier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes a budget's threshold crossings: {@code budget.threshold} when spend reaches a notify or
 * throttle action's threshold, {@code budget.blocked} when it reaches a block threshold. The dedupe
 * key is budget + period start + threshold, so each crossing is delivered once per period even when
 * every replica notices it (the notification store keeps one row per key); the local set only spares
 * the queue repeats.
 */
public final class BudgetAlerts {
    private static final int MAX_REMEMBERED = 100_000;
    private final Notifier notifier;
    private final ConcurrentHashMap<String, Boolean> published = new ConcurrentHashMap<>();

    public BudgetAlerts(Notifier notifier) {
        this.notifier = notifier;
    }

    void check(BudgetTracker.BudgetState state, long spentMicros, Instant now) {
        Budget b = state.budget();
        if (!state.window().contains(now)) return;
        for (BudgetAction a : b.actions()) {
            if (spentMicros < a.thresholdMicros(b.limitMicros())) continue;
            if (a.type() == BudgetAction.Type.BLOCK) {
                blocked(state, spentMicros, now);
            } else {
                publish(NotificationEvent.BUDGET_THRESHOLD, state, a, spentMicros, now,
                        "Budget '" + b.name() + "' has reached " + a.atPercent() + "% of its " + b.period().label() + " limit: "
                                + Money.usd(spentMicros) + " of " + Money.usd(b.limitMicros())
                                + (a.type() == BudgetAction.Type.THROTTLE ? "; requests are now limited to " + a.rpm() + " per minute per key" : "") + ".");
            }
        }
    }

    void blocked(BudgetTracker.BudgetState state, long spentMicros, Instant now) {
        Budget b = state.budget();
        BudgetAction block = null;
        for (BudgetAction a : b.actions()) {
            if (a.type() == BudgetAction.Type.BLOCK && (block == null || a.atPercent() < block.atPercent())) block = a;
        }
        if (block == null) return;
        publish(NotificationEvent.BUDGET_BLOCKED, state, block, spentMicros, now,
                "Budget '" + b.name() + "' is exhausted (" + Money.usd(spentMicros) + " of " + Money.usd(b.limitMicros())
                        + "); new requests are refused until " + (state.window().end() == null ? "the limit is raised" : state.window().end()) + ".");
    }

    private void publish(String type, BudgetTracker.BudgetState state, BudgetAction action, long spentMicros, Instant now, String message) {
        Budget b = state.budget();
        String periodStart = state.window().start() == null ? "total" : state.window().start().toString();
        String dedupe = "budget:" + b.id() + ":" + periodStart + ":" + action.atPercent() + ":" + action.type().label();
        if (published.putIfAbsent(dedupe, Boolean.TRUE) != null) return;
        if (published.size() > MAX_REMEMBERED) published.clear(); // the store deduplicates anyway
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("budget_id", b.id());
        subject.put("budget_name", b.name());
        subject.put("scope", b.scope().label());
        if (b.scopeId() != null) subject.put("scope_id", b.scopeId());
        subject.put("period", b.period().label());
        subject.put("period_start", periodStart);
        if (state.window().end() != null) subject.put("period_end", state.window().end().toString());
        subject.put("action", action.type().label());
        subject.put("threshold_percent", action.atPercent());
        subject.put("limit_usd", Money.decimal(b.limitMicros()).toPlainString());
        subject.put("spent_usd", Money.decimal(spentMicros).toPlainString());
        notifier.publish(new NotificationEvent(type, dedupe, now, subject, message));
    }
}
