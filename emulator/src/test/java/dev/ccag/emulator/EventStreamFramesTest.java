package dev.ccag.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import tools.jackson.databind.JsonNode;

/** Frames checked byte for byte against PROTOCOL §10.2's worked frame and AWS's published CRC vector. */
class EventStreamFramesTest {
    static final String WORKED_FRAME = """
            00 00 00 87 00 00 00 4b 87 ea 2b f3 0b 3a 65 76
            65 6e 74 2d 74 79 70 65 07 00 05 63 68 75 6e 6b
            0d 3a 63 6f 6e 74 65 6e 74 2d 74 79 70 65 07 00
            10 61 70 70 6c 69 63 61 74 69 6f 6e 2f 6a 73 6f
            6e 0d 3a 6d 65 73 73 61 67 65 2d 74 79 70 65 07
            00 05 65 76 65 6e 74 7b 22 62 79 74 65 73 22 3a
            22 65 79 4a 30 65 58 42 6c 49 6a 6f 69 62 57 56
            7a 63 32 46 6e 5a 56 39 7a 64 47 39 77 49 6e 30
            3d 22 7d ba 48 ab 22""";

    @Test
    void aChunkFrameWithoutPaddingIsTheWorkedFrameByteForByte() {
        byte[] frame = EventStreamFrames.chunk("{\"type\":\"message_stop\"}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(HexFormat.of().formatHex(frame)).isEqualTo(WORKED_FRAME.replaceAll("\\s+", ""));
    }

    @Test
    void theCodecReproducesThePublishedCrcTestVector() {
        byte[] frame = new Message(new LinkedHashMap<>(), "{\"foo\": \"bar\"}".getBytes(StandardCharsets.UTF_8))
                .toByteBuffer().array();
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(frame, 8, 12)).isEqualTo("baf2f68a");
        assertThat(hex.formatHex(frame, frame.length - 4, frame.length)).isEqualTo("ae7258e4");
    }

    @Test
    void paddedChunksCarryTheEventAndAPaddingField() {
        byte[] frame = EventStreamFrames.chunk("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        Message decoded = Message.decode(ByteBuffer.wrap(frame));
        assertThat(decoded.getHeaders().get(":message-type").getString()).isEqualTo("event");
        assertThat(decoded.getHeaders().get(":event-type").getString()).isEqualTo("chunk");
        assertThat(decoded.getHeaders().get(":content-type").getString()).isEqualTo("application/json");
        JsonNode payload = Json.MAPPER.readTree(decoded.getPayload());
        assertThat(new String(Base64.getDecoder().decode(payload.path("bytes").asString()), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"ping\"}");
        assertThat(payload.path("p").asString()).isNotEmpty();
    }

    @Test
    void exceptionFramesNameTheExceptionTypeAndCarryTheMessage() {
        byte[] frame = EventStreamFrames.exception(BedrockError.THROTTLING.with("slow down"));
        Message decoded = Message.decode(ByteBuffer.wrap(frame));
        assertThat(decoded.getHeaders()).containsEntry(":message-type", HeaderValue.fromString("exception"))
                .containsEntry(":exception-type", HeaderValue.fromString("throttlingException"));
        assertThat(new String(decoded.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"slow down\"}");
    }
}
