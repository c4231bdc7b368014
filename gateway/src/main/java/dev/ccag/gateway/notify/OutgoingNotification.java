package dev.ccag.gateway.notify;

/** A stored event on its way to a channel: {@code body} is the JSON every channel sends. */
public record OutgoingNotification(long id, String type, String body) {
    /** The id receivers see ({@code ccag-event-id}); stable across retries, so they can dedupe too. */
    public String eventId() {
        return eventId(id);
    }

    public static String eventId(long id) {
        return "ntf_" + id;
    }
}
