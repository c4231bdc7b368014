package dev.ccag.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseWriterTest {

    /** Records what was written and how often it was flushed. */
    private static final class RecordingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushes;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String json(int size) {
        StringBuilder b = new StringBuilder("{\"type\":\"content_block_delta\",\"text\":\"");
        while (b.length() < size - 2) b.append((char) ('a' + b.length() % 26));
        return b.append("\"}").toString();
    }

    @Test
    void eachEventGoesOutExactlyWithItsEventLineAndNothingIsFlushedUntilAsked() throws Exception {
        RecordingStream out = new RecordingStream();
        SseWriter sse = new SseWriter(out);
        // small, large, very large, then small again, and non-ASCII text: every event comes out byte for byte
        List<String> payloads = List.of(json(40), json(3_000), json(70_000), json(100), "{\"type\":\"message_stop\",\"é\":\"ü\"}");
        StringBuilder expected = new StringBuilder();
        for (String p : payloads) {
            String type = p.contains("message_stop") ? "message_stop" : "content_block_delta";
            sse.event(utf8(type), utf8(p));
            expected.append("event: ").append(type).append("\ndata: ").append(p).append("\n\n");
        }
        assertThat(out.flushes).isZero();
        sse.flush();
        assertThat(out.text()).isEqualTo(expected.toString());
        assertThat(out.flushes).isEqualTo(1);
    }

    @Test
    void aPingGoesOutOnlyAfterTheIdleTime() throws Exception {
        RecordingStream out = new RecordingStream();
        SseWriter sse = new SseWriter(out);
        assertThat(sse.pingIfIdle(60_000_000_000L)).isTrue();
        assertThat(out.text()).isEmpty();
        assertThat(sse.pingIfIdle(0)).isTrue();
        assertThat(out.text()).isEqualTo("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        assertThat(out.flushes).isEqualTo(1);
    }

    @Test
    void aFailedWriteMarksTheStreamBroken() {
        SseWriter sse = new SseWriter(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("client gone");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("client gone");
            }
        });
        assertThat(sse.broken()).isFalse();
        assertThatThrownBy(() -> sse.event(utf8("content_block_delta"), utf8(json(40)))).isInstanceOf(IOException.class);
        assertThat(sse.broken()).isTrue();
        assertThat(sse.pingIfIdle(0)).isFalse();
    }
}
