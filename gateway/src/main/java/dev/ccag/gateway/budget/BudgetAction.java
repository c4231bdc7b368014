package dev.ccag.gateway.budget;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a budget does once its spend reaches {@code atPercent} of the limit: tell people
 * ({@code notify}), slow every key in its scope down to {@code rpm} requests per minute
 * ({@code throttle}), or refuse new requests until the period resets ({@code block}).
 */
public record BudgetAction(Type type, int atPercent, @Nullable Integer rpm) {
    public enum Type {
        NOTIFY, THROTTLE, BLOCK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type parse(String label) {
            for (Type t : values()) {
                if (t.label().equals(label)) return t;
            }
            throw new IllegalArgumentException("action type must be notify, throttle or block, not '" + label + "'");
        }
    }

    public BudgetAction {
        if (atPercent < 1 || atPercent > 1000) {
            throw new IllegalArgumentException("action 'at' must be a percentage of the limit from 1 to 1000, not " + atPercent);
        }
        if (type == Type.THROTTLE && (rpm == null || rpm < 1)) {
            throw new IllegalArgumentException("a throttle action needs 'rpm' (requests per minute, at least 1)");
        }
        if (type != Type.THROTTLE && rpm != null) {
            throw new IllegalArgumentException("only a throttle action takes 'rpm'");
        }
    }

    /** The spend in micro-dollars at which this action starts, for a budget of {@code limitMicros}. */
    public long thresholdMicros(long limitMicros) {
        return limitMicros > Long.MAX_VALUE / atPercent ? Long.MAX_VALUE : limitMicros * atPercent / 100;
    }
}
