package dev.ccag.gateway.notify;

/**
 * Publishes notification events to the configured channels. Implementations never block the caller:
 * the event is queued and delivered by a background worker. Each {@link NotificationEvent#dedupeKey()}
 * is delivered at most once cluster-wide, so every replica may publish the same crossing.
 */
public interface Notifier {
    void publish(NotificationEvent event);
}
