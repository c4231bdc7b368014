package dev.ccag.gateway.notify;

import java.util.Set;

/** A configured channel with its name and the event types it receives (all when {@code eventTypes} is empty). */
public record ChannelRoute(String name, Set<String> eventTypes, NotificationChannel channel) {
    public ChannelRoute {
        eventTypes = Set.copyOf(eventTypes);
    }

    public boolean accepts(String type) {
        return eventTypes.isEmpty() || eventTypes.contains(type);
    }
}
