package dev.ccag.gateway.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON every channel sends: {@code {"id","type","dedupe_key","occurred_at","subject","message"}}. */
public final class NotificationPayload {
    private final ObjectMapper mapper;

    public NotificationPayload(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** What is stored: the event without the id, which the database assigns. */
    String stored(NotificationEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.type());
        m.put("dedupe_key", e.dedupeKey());
        m.put("occurred_at", e.occurredAt().toString());
        m.put("subject", e.subject());
        m.put("message", e.message());
        return mapper.writeValueAsString(m);
    }

    /** What is sent: the stored payload with the event id first. */
    String body(String eventId, String stored) {
        ObjectNode out = mapper.createObjectNode();
        out.put("id", eventId);
        out.setAll((ObjectNode) mapper.readTree(stored));
        return mapper.writeValueAsString(out);
    }
}
