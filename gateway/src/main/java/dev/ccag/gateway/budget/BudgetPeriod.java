package dev.ccag.gateway.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import org.jspecify.annotations.Nullable;

/**
 * How a budget's spend is counted: per calendar day, ISO week (from Monday), calendar month, or in
 * total. Days, weeks and months start at midnight in the budget's time zone, so a day may last 23 or
 * 25 hours around a daylight-saving change, and a month is as long as the calendar says.
 */
public enum BudgetPeriod {
    DAILY, WEEKLY, MONTHLY, TOTAL;

    /**
     * The period that contains {@code now}.
     *
     * @param start inclusive; null for {@link #TOTAL}
     * @param end   exclusive, when the budget resets; null for {@link #TOTAL} (it never does)
     */
    public record Window(@Nullable Instant start, @Nullable Instant end) {
        public boolean contains(Instant t) {
            return (start == null || !t.isBefore(start)) && (end == null || t.isBefore(end));
        }
    }

    public Window windowAt(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate first;
        LocalDate next;
        switch (this) {
            case DAILY -> {
                first = today;
                next = today.plusDays(1);
            }
            case WEEKLY -> {
                first = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                next = first.plusWeeks(1);
            }
            case MONTHLY -> {
                first = today.withDayOfMonth(1);
                next = first.plusMonths(1);
            }
            default -> {
                return new Window(null, null);
            }
        }
        // atStartOfDay(zone), not atTime(MIDNIGHT): where a DST gap swallows midnight the day starts at the gap's end
        return new Window(first.atStartOfDay(zone).toInstant(), next.atStartOfDay(zone).toInstant());
    }

    /** The name used in configuration, the API and messages: {@code daily}, {@code weekly}, ... */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static BudgetPeriod parse(String label) {
        for (BudgetPeriod p : values()) {
            if (p.label().equals(label)) return p;
        }
        throw new IllegalArgumentException("period must be daily, weekly, monthly or total, not '" + label + "'");
    }
}
