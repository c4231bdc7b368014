package dev.ccag.emulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * AWS event-stream frames of InvokeModelWithResponseStream (PROTOCOL §10), encoded with AWS's own
 * codec. Header order is Bedrock's: {@code :event-type}, {@code :content-type}, {@code :message-type}.
 */
final class EventStreamFrames {
    /** Bedrock pads chunk payloads with a prefix of this alphabet so sizes do not leak content. */
    private static final String PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private EventStreamFrames() {}

    /** A chunk frame carrying one Anthropic stream event, with random padding like Bedrock's. */
    static byte[] chunk(byte[] eventJson) {
        return chunk(eventJson, PADDING.substring(0, ThreadLocalRandom.current().nextInt(1, PADDING.length())));
    }

    static byte[] chunk(byte[] eventJson, String padding) {
        StringBuilder payload = new StringBuilder(eventJson.length * 4 / 3 + 64)
                .append("{\"bytes\":\"").append(Base64.getEncoder().encodeToString(eventJson)).append('"');
        if (padding != null) payload.append(",\"p\":\"").append(padding).append('"');
        payload.append('}');
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString("chunk"));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return encode(new Message(headers, payload.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A mid-stream exception frame: {@code :exception-type} plus {@code {"message":...}}. */
    static byte[] exception(BedrockException error) {
        if (error.error.streamType == null) throw new IllegalArgumentException(error.error + " cannot occur mid-stream");
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(error.error.streamType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        String body = Json.MAPPER.createObjectNode().put("message", error.getMessage()).toString();
        return encode(new Message(headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] encode(Message message) {
        ByteBuffer buffer = message.toByteBuffer();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
