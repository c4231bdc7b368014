package dev.ccag.gateway.bedrock;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Turns the bytes of an {@code application/vnd.amazon.eventstream} body into
 * {@link BedrockStreamEvent}s. Framing and CRCs are AWS's own codec; this class only reads the
 * {@code {"bytes":"<base64>"}} envelope (skipping Bedrock's random padding field).
 * Not thread-safe: one per stream.
 */
public final class EventStreamDecoder {
    private static final JsonFactory JSON = new JsonFactory();
    private final List<BedrockStreamEvent> decoded = new ArrayList<>(8);
    private final MessageDecoder frames = new MessageDecoder(this::onFrame);

    /** Feeds raw bytes; returns the events completed by them (the list is reused on the next call). */
    public List<BedrockStreamEvent> feed(byte[] buffer, int offset, int length) {
        decoded.clear();
        frames.feed(buffer, offset, length);
        return decoded;
    }

    private void onFrame(Message frame) {
        Map<String, HeaderValue> headers = frame.getHeaders();
        String messageType = string(headers, ":message-type");
        if ("event".equals(messageType)) {
            if ("chunk".equals(string(headers, ":event-type"))) {
                decoded.add(new BedrockStreamEvent.Chunk(chunkBytes(frame.getPayload())));
            }
            // other event types (none known today) carry nothing for the client
        } else if ("exception".equals(messageType)) {
            decoded.add(new BedrockStreamEvent.StreamException(string(headers, ":exception-type"), message(frame.getPayload())));
        } else if ("error".equals(messageType)) {
            decoded.add(new BedrockStreamEvent.StreamException(string(headers, ":error-code"), string(headers, ":error-message")));
        }
    }

    private static String string(Map<String, HeaderValue> headers, String name) {
        HeaderValue v = headers.get(name);
        return v == null ? null : v.getString();
    }

    static byte[] chunkBytes(byte[] payload) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("Bedrock chunk payload is not a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ("bytes".equals(name)) {
                    return Base64.getDecoder().decode(p.getString());
                }
                p.skipChildren();
            }
        }
        throw new IllegalStateException("Bedrock chunk payload has no 'bytes' field");
    }

    private static String message(byte[] payload) {
        if (payload.length == 0) {
            return null;
        }
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ("message".equals(name) || "Message".equals(name)) {
                    return p.getString();
                }
                p.skipChildren();
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }
}
