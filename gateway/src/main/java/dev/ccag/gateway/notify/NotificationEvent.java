package dev.ccag.gateway.notify;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something worth telling people about. {@code dedupeKey} identifies the occurrence across replicas
 * (for a budget threshold: budget id + period start + threshold), {@code subject} names what it is
 * about (budget id, key id, team id, ...).
 */
public record NotificationEvent(String type, String dedupeKey, Instant occurredAt, Map<String, Object> subject, String message) {
    public static final String BUDGET_THRESHOLD = "budget.threshold";
    public static final String BUDGET_BLOCKED = "budget.blocked";
    public static final String RATELIMIT_STORM = "ratelimit.storm";
    public static final String ENDPOINT_THROTTLING = "endpoint.throttling";

    public NotificationEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dedupeKey, "dedupeKey");
        Objects.requireNonNull(occurredAt, "occurredAt");
        subject = subject == null ? Map.of() : Map.copyOf(subject);
        message = message == null ? "" : message;
    }
}
