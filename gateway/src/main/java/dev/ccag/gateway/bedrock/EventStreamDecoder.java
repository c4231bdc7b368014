package dev.ccag.gateway.bedrock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Turns the bytes of an {@code application/vnd.amazon.eventstream} body into
 * {@link BedrockStreamEvent}s: cuts the byte stream into frames by their length prefix, checks both
 * CRCs, reads the few headers the gateway needs straight from the frame and unwraps the
 * {@code {"bytes":"<base64>"}} envelope (skipping Bedrock's random padding field).
 *
 * <p>The frame format is AWS's ({@code total length, headers length, prelude CRC32, headers,
 * payload, message CRC32}); {@code EventStreamDecoderTest} checks this decoder against frames made
 * by AWS's own encoder. AWS's {@code Message.decode} is not used on the hot path: per event it built a
 * header map of objects and copied the payload, about an eighth of the gateway's allocation while
 * streaming. The buffer for a frame split across reads is allocated at the first split and grows only to the largest frame seen. Not thread-safe: one
 * per stream.
 */
public final class EventStreamDecoder {
    private static final JsonFactory JSON = new JsonFactory();
    /** AWS's limit for one event-stream message (16 MiB); a larger length prefix means a corrupt stream. */
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final int MIN_FRAME = 16;
    private static final byte[] MESSAGE_TYPE = ascii(":message-type");
    private static final byte[] EVENT_TYPE = ascii(":event-type");
    private static final byte[] EXCEPTION_TYPE = ascii(":exception-type");
    private static final byte[] ERROR_CODE = ascii(":error-code");
    private static final byte[] ERROR_MESSAGE = ascii(":error-message");
    private static final byte[] BYTES_PREFIX = ascii("{\"bytes\":\"");
    private final List<BedrockStreamEvent> decoded = new ArrayList<>(8);
    private final CRC32 crc = new CRC32();
    private static final byte[] NONE = new byte[0];
    private static final int FIRST_PENDING = 4096;
    /** Only a frame split across reads is kept here, so most streams never allocate it: with 2,000
     *  streams open every byte held per stream counts at each young collection. */
    private byte[] pending = NONE;
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
            int total = int32(bytes, at);
            if (total < MIN_FRAME || total > MAX_FRAME) {
                throw new IllegalStateException("corrupt event stream: frame length " + total);
            }
            if (length - position < total) {
                break;
            }
            frame(bytes, at, total);
            position += total;
        }
        return position;
    }

    private void keep(byte[] bytes, int offset, int length) {
        if (length <= 0) {
            return;
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(Math.max(pending.length * 2, FIRST_PENDING), pendingLength + length));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    /** One whole frame at {@code at}: checks it as AWS's decoder does, then turns it into an event (or nothing). */
    private void frame(byte[] b, int at, int total) {
        crc.reset();
        crc.update(b, at, 8);
        if ((int) crc.getValue() != int32(b, at + 8)) {
            throw new IllegalStateException("corrupt event stream: prelude checksum mismatch");
        }
        int headersLength = int32(b, at + 4);
        if (headersLength < 0 || headersLength > total - MIN_FRAME) {
            throw new IllegalStateException("corrupt event stream: headers length " + headersLength);
        }
        crc.reset();
        crc.update(b, at, total - 4);
        if ((int) crc.getValue() != int32(b, at + total - 4)) {
            throw new IllegalStateException("corrupt event stream: message checksum mismatch");
        }
        String messageType = null, eventType = null, exceptionType = null, errorCode = null, errorMessage = null;
        int p = at + 12;
        int headersEnd = p + headersLength;
        while (p < headersEnd) {
            int nameLength = b[p++] & 0xff;
            int name = p;
            p += nameLength;
            if (p >= headersEnd) throw new IllegalStateException("corrupt event stream: truncated header");
            int type = b[p++];
            int valueLength = switch (type) {
                case 0, 1 -> 0;                    // boolean true / false
                case 2 -> 1;                       // byte
                case 3 -> 2;                       // short
                case 4 -> 4;                       // integer
                case 5, 8 -> 8;                    // long, timestamp
                case 9 -> 16;                      // uuid
                case 6, 7 -> {                     // byte array, string: 2-byte length first
                    if (p + 2 > headersEnd) throw new IllegalStateException("corrupt event stream: truncated header value");
                    int n = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
                    p += 2;
                    yield n;
                }
                default -> throw new IllegalStateException("corrupt event stream: header value type " + type);
            };
            if (p + valueLength > headersEnd) throw new IllegalStateException("corrupt event stream: truncated header value");
            if (type == 7) {
                if (is(b, name, nameLength, MESSAGE_TYPE)) messageType = utf8(b, p, valueLength);
                else if (is(b, name, nameLength, EVENT_TYPE)) eventType = utf8(b, p, valueLength);
                else if (is(b, name, nameLength, EXCEPTION_TYPE)) exceptionType = utf8(b, p, valueLength);
                else if (is(b, name, nameLength, ERROR_CODE)) errorCode = utf8(b, p, valueLength);
                else if (is(b, name, nameLength, ERROR_MESSAGE)) errorMessage = utf8(b, p, valueLength);
            }
            p += valueLength;
        }
        int payload = headersEnd;
        int payloadLength = at + total - 4 - payload;
        if ("event".equals(messageType)) {
            if ("chunk".equals(eventType)) {
                decoded.add(new BedrockStreamEvent.Chunk(chunkBytes(b, payload, payloadLength)));
            }
            // other event types (none known today) carry nothing for the client
        } else if ("exception".equals(messageType)) {
            decoded.add(new BedrockStreamEvent.StreamException(exceptionType,
                    message(Arrays.copyOfRange(b, payload, payload + payloadLength))));
        } else if ("error".equals(messageType)) {
            decoded.add(new BedrockStreamEvent.StreamException(errorCode, errorMessage));
        }
    }

    /**
     * The event JSON inside a chunk payload. Bedrock writes {@code {"bytes":"<base64>","p":"..."}}:
     * that shape is read directly; anything else (another field order, escapes) goes through the
     * JSON parser.
     */
    static byte[] chunkBytes(byte[] b, int offset, int length) {
        if (length > BYTES_PREFIX.length && Arrays.equals(b, offset, offset + BYTES_PREFIX.length, BYTES_PREFIX, 0, BYTES_PREFIX.length)) {
            int start = offset + BYTES_PREFIX.length;
            int end = offset + length;
            for (int i = start; i < end; i++) {
                byte c = b[i];
                if (c == '"') {
                    ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(b, start, i - start));
                    byte[] array = decoded.array();
                    return decoded.arrayOffset() == 0 && decoded.remaining() == array.length ? array
                            : Arrays.copyOfRange(array, decoded.arrayOffset() + decoded.position(), decoded.arrayOffset() + decoded.limit());
                }
                if (c == '\\') break; // an escape: let the parser handle it
            }
        }
        return chunkBytes(Arrays.copyOfRange(b, offset, offset + length));
    }

    private static boolean is(byte[] b, int offset, int length, byte[] name) {
        return length == name.length && Arrays.equals(b, offset, offset + length, name, 0, length);
    }

    private static String utf8(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.UTF_8);
    }

    private static int int32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
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
