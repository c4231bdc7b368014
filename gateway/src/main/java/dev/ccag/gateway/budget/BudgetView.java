package dev.ccag.gateway.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A budget as the admin API shows it, with its standing in the current period. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetView(String id, String name, String scope, @Nullable String scopeId, String period, String timeZone,
        BigDecimal limitUsd, long limitMicros, List<Action> actions, boolean enabled, Instant createdAt, Instant updatedAt,
        @Nullable Status status) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Action(String type, int at, @Nullable Integer rpm) {}

    /** Spend in the current period: stored in the ledger plus settled on this replica; reserved = requests in flight. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Status(@Nullable Instant periodStart, @Nullable Instant periodEnd, BigDecimal spentUsd, long spentMicros,
            long reservedMicros, double utilization, String state) {}

    static BudgetView of(Budget b, @Nullable BudgetStatus s) {
        return new BudgetView(b.id(), b.name(), b.scope().label(), b.scopeId(), b.period().label(), b.zone().getId(),
                Money.decimal(b.limitMicros()), b.limitMicros(),
                b.actions().stream().map(a -> new Action(a.type().label(), a.atPercent(), a.rpm())).toList(),
                b.enabled(), b.createdAt(), b.updatedAt(),
                s == null ? null : new Status(s.periodStart(), s.periodEnd(), Money.decimal(s.spentMicros()), s.spentMicros(),
                        s.reservedMicros(), s.utilization(), s.state()));
    }
}
