package dev.ccag.gateway.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedOutputTest {

    /** Records each write the connection would make. */
    private static final class Writes extends ByteArrayOutputStream {
        final List<String> each = new ArrayList<>();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            each.add(new String(b, off, len, StandardCharsets.ISO_8859_1));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void eachFlushIsOneChunkInOneWriteAndTheEndIsTheLastChunk() throws IOException {
        Writes socket = new Writes();
        ChunkedOutput out = new ChunkedOutput(new ConnectionOutput(socket, 1_000_000_000L), true);
        out.write(ascii("event: a\n"));
        out.write(ascii("data: {}\n\n"));
        out.flush();
        out.flush(); // nothing held: nothing sent
        out.write(ascii("x".repeat(300)));
        out.flush();
        out.write(ascii("tail"));
        out.end();
        out.end();
        assertThat(socket.each).containsExactly(
                "13\r\nevent: a\ndata: {}\n\n\r\n",
                "12c\r\n" + "x".repeat(300) + "\r\n",
                "4\r\ntail\r\n0\r\n\r\n");
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void aBodyLargerThanTheFirstBufferStillGoesOutAsOneChunk() throws IOException {
        Writes socket = new Writes();
        ChunkedOutput out = new ChunkedOutput(new ConnectionOutput(socket, 1_000_000_000L), true);
        String big = "y".repeat(10_000);
        out.write(ascii(big));
        out.end();
        assertThat(socket.each).containsExactly("2710\r\n" + big + "\r\n0\r\n\r\n");
    }

    @Test
    void withoutChunksTheBytesGoOutAsTheyAre() throws IOException {
        Writes socket = new Writes();
        ChunkedOutput out = new ChunkedOutput(new ConnectionOutput(socket, 1_000_000_000L), false);
        out.write(ascii("event: a\n\n"));
        out.flush();
        out.end();
        assertThat(socket.each).containsExactly("event: a\n\n");
    }
}
