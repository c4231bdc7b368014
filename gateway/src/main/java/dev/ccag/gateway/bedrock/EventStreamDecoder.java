package dev.ccag.gateway.bedrock;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Turns the bytes of an {@code application/vnd.amazon.eventstream} body into
 * {@link BedrockStreamEvent}s. Decoding and CRC checks are AWS's own codec ({@link Message#decode});
 * this class only cuts the byte stream into frames by their length prefix and reads the
 * {@code {"bytes":"<base64>"}} envelope (skipping Bedrock's random padding field).
 * AWS's {@code MessageDecoder} is not used because it allocates a 2 MiB buffer per stream; here the
 * buffer starts small and grows only to the largest frame seen. Not thread-safe: one per stream.
 */
public final class EventStreamDecoder {
    private static final JsonFactory JSON = new JsonFactory();
    /** AWS's limit for one event-stream message (16 MiB); a larger length prefix means a corrupt stream. */
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final int MIN_FRAME = 16;
    private final List<BedrockStreamEvent> decoded = new ArrayList<>(8);
    private byte[] pending = new byte[4096];
    private int pendingLength;

    /** Feeds raw bytes; returns the events completed by them (the list is reused on the next call). */
    public List<BedrockStreamEvent> feed(byte[] buffer, int offset, int length) {
        decoded.clear();
        if (pendingLength == 0) {
            int used = frames(buffer, offset, length);
            keep(buffer, offset + used, length - used);
        } else {
            keep(buffer, offset, length);
            int used = frames(pending, 0, pendingLength);
            System.arraycopy(pending, used, pending, 0, pendingLength - used);
            pendingLength -= used;
        }
        return decoded;
    }

    /** Decodes every complete frame in the range; returns how many bytes they took. */
    private int frames(byte[] bytes, int offset, int length) {
        int position = 0;
        while (length - position >= 4) {
            int at = offset + position;
            int total = ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
            if (total < MIN_FRAME || total > MAX_FRAME) {
                throw new IllegalStateException("corrupt event stream: frame length " + total);
            }
            if (length - position < total) {
                break;
            }
            onFrame(Message.decode(ByteBuffer.wrap(bytes, at, total)));
            position += total;
        }
        return position;
    }

    private void keep(byte[] bytes, int offset, int length) {
        if (length <= 0) {
            return;
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
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
