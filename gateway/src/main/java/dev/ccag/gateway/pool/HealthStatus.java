package dev.ccag.gateway.pool;

import java.util.Locale;

/** healthy: takes traffic; cooling_down: only as a last resort; probing: a little test traffic until trusted. */
public enum HealthStatus {
    HEALTHY, COOLING_DOWN, PROBING;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** For the state gauge: 0 healthy, 1 probing, 2 cooling down. */
    public int gaugeValue() {
        return switch (this) {
            case HEALTHY -> 0;
            case PROBING -> 1;
            case COOLING_DOWN -> 2;
        };
    }
}
