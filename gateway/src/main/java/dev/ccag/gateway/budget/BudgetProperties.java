package dev.ccag.gateway.budget;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ccag.budget.*}.
 *
 * @param refreshInterval how often each replica reloads budgets and the current hour's spend (other replicas'
 *                        spend reaches this one within about this long plus the ledger's batch interval)
 * @param closedHoursMaxAge how long the sum of a period's earlier hours is reused before it is summed again
 *                        (late records of earlier hours are rare: long streams, a replica's spool catching up)
 * @param defaultTimeZone the time zone of a budget created without one
 */
@ConfigurationProperties(prefix = "ccag.budget")
public record BudgetProperties(
        @DefaultValue("1s") Duration refreshInterval,
        @DefaultValue("60s") Duration closedHoursMaxAge,
        @DefaultValue("UTC") String defaultTimeZone) {

    public BudgetProperties {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("ccag.budget.refresh-interval: must be positive");
        }
        if (closedHoursMaxAge.isNegative()) {
            throw new IllegalArgumentException("ccag.budget.closed-hours-max-age: must not be negative");
        }
        try {
            java.time.ZoneId.of(defaultTimeZone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("ccag.budget.default-time-zone: unknown time zone '" + defaultTimeZone + "'");
        }
    }
}
