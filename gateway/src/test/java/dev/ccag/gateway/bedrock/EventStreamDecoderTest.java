package dev.ccag.gateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

class EventStreamDecoderTest {

    /** The worked frame of PROTOCOL.md §10.2, byte for byte. */
    private static final String WORKED_FRAME =
            "000000870000004b87ea2bf30b3a6576656e742d747970650700056368756e6b"
            + "0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f"
            + "6e0d3a6d6573736167652d747970650700056576656e747b226279746573223a"
            + "2265794a306558426c496a6f696257567a6332466e5a56397a64473977496e30"
            + "3d227dba48ab22";

    @Test
    void decodesTheWorkedFrameFromTheProtocolNotes() {
        byte[] frame = HexFormat.of().parseHex(WORKED_FRAME);
        List<BedrockStreamEvent> events = new ArrayList<>(new EventStreamDecoder().feed(frame, 0, frame.length));
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).isInstanceOf(BedrockStreamEvent.Chunk.class);
        assertThat(new String(((BedrockStreamEvent.Chunk) events.get(0)).json(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"message_stop\"}");
    }

    @Test
    void reassemblesFramesSplitAcrossReadsAndSkipsPadding() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        chunk("{\"type\":\"message_start\"}", "abcdefghij").encode(wire);
        chunk("{\"type\":\"content_block_delta\",\"index\":0}", "").encode(wire);
        exception("throttlingException", "{\"message\":\"Too many requests\"}").encode(wire);
        byte[] bytes = wire.toByteArray();

        EventStreamDecoder decoder = new EventStreamDecoder();
        List<BedrockStreamEvent> all = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += 7) { // feed in awkward 7-byte pieces
            all.addAll(decoder.feed(bytes, i, Math.min(7, bytes.length - i)));
        }
        assertThat(all).hasSize(3);
        assertThat(new String(((BedrockStreamEvent.Chunk) all.get(0)).json(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"message_start\"}");
        assertThat(new String(((BedrockStreamEvent.Chunk) all.get(1)).json(), StandardCharsets.UTF_8)).contains("content_block_delta");
        assertThat(all.get(2)).isEqualTo(new BedrockStreamEvent.StreamException("throttlingException", "Too many requests"));
    }

    @Test
    void decodesSeveralFramesFromOneReadAtAnOffset() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(new byte[] {9, 9, 9}); // bytes before the range the caller hands over
        for (int i = 0; i < 3; i++) chunk("{\"type\":\"ping\",\"n\":" + i + "}", "pad").encode(wire);
        byte[] bytes = wire.toByteArray();
        List<BedrockStreamEvent> events = new ArrayList<>(new EventStreamDecoder().feed(bytes, 3, bytes.length - 3));
        assertThat(events).hasSize(3);
        assertThat(new String(((BedrockStreamEvent.Chunk) events.get(2)).json(), StandardCharsets.UTF_8)).contains("\"n\":2");
    }

    @Test
    void aCorruptFrameIsRefusedNotRelayed() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        chunk("{\"type\":\"message_stop\"}", "").encode(wire);
        byte[] bytes = wire.toByteArray();
        bytes[bytes.length - 6] ^= 0x01; // flip a payload bit: the message CRC no longer matches
        assertThatThrownBy(() -> new EventStreamDecoder().feed(bytes, 0, bytes.length)).isInstanceOf(RuntimeException.class);
        byte[] huge = {0x7f, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> new EventStreamDecoder().feed(huge, 0, huge.length)).hasMessageContaining("frame length");
    }

    @Test
    void readsEveryHeaderTypeAndAnyPayloadShapeLikeAwsDoes() throws Exception {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put("flag", HeaderValue.fromBoolean(true));
        headers.put("off", HeaderValue.fromBoolean(false));
        // (no byte or short header: AWS's encoder 1.0.1 writes their type but not their value)
        headers.put("i", HeaderValue.fromInteger(70000));
        headers.put("l", HeaderValue.fromLong(1L << 40));
        headers.put("bytes", HeaderValue.fromByteArray(new byte[] {1, 2, 3}));
        headers.put("t", HeaderValue.fromTimestamp(java.time.Instant.parse("2026-01-02T03:04:05Z")));
        headers.put("u", HeaderValue.fromUuid(java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
        headers.put(":event-type", HeaderValue.fromString("chunk"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        String event = "{\"type\":\"content_block_delta\",\"delta\":{\"text\":\"???>>>\"}}"; // base64 with '/' and '+'
        String base64 = Base64.getEncoder().encodeToString(event.getBytes(StandardCharsets.UTF_8));
        assertThat(base64).contains("/");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        // Bedrock's own shape, the padding first, and a JSON writer that escapes '/': all the same event.
        new Message(headers, ("{\"bytes\":\"" + base64 + "\",\"p\":\"abc\"}").getBytes(StandardCharsets.UTF_8)).encode(wire);
        new Message(headers, ("{\"p\":\"abc\",\"bytes\":\"" + base64 + "\"}").getBytes(StandardCharsets.UTF_8)).encode(wire);
        new Message(headers, ("{\"bytes\":\"" + base64.replace("/", "\\/") + "\"}").getBytes(StandardCharsets.UTF_8)).encode(wire);
        Map<String, HeaderValue> error = new LinkedHashMap<>();
        error.put(":message-type", HeaderValue.fromString("error"));
        error.put(":error-code", HeaderValue.fromString("InternalFailure"));
        error.put(":error-message", HeaderValue.fromString("Something broke"));
        new Message(error, new byte[0]).encode(wire);
        byte[] bytes = wire.toByteArray();

        List<BedrockStreamEvent> events = new ArrayList<>(new EventStreamDecoder().feed(bytes, 0, bytes.length));
        assertThat(events).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(new String(((BedrockStreamEvent.Chunk) events.get(i)).json(), StandardCharsets.UTF_8)).isEqualTo(event);
        }
        assertThat(events.get(3)).isEqualTo(new BedrockStreamEvent.StreamException("InternalFailure", "Something broke"));
    }

    @Test
    void aCorruptPreludeOrHeaderIsRefused() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        chunk("{\"type\":\"message_stop\"}", "").encode(wire);
        byte[] prelude = wire.toByteArray();
        prelude[5] ^= 0x01; // headers length changed: the prelude CRC no longer matches
        assertThatThrownBy(() -> new EventStreamDecoder().feed(prelude, 0, prelude.length)).hasMessageContaining("checksum");
    }

    private static Message chunk(String eventJson, String padding) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString("chunk"));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        String payload = "{\"bytes\":\"" + Base64.getEncoder().encodeToString(eventJson.getBytes(StandardCharsets.UTF_8))
                + "\",\"p\":\"" + padding + "\"}";
        return new Message(headers, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static Message exception(String type, String payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return new Message(headers, payload.getBytes(StandardCharsets.UTF_8));
    }
}
