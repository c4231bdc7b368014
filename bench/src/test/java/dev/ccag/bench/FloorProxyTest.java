package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FloorProxyTest {
    private static FloorProxy.Message read(String wire) throws IOException {
        FloorProxy.Message m = new FloorProxy.Message();
        assertThat(m.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)))).isTrue();
        return m;
    }

    private static String text(FloorProxy.Message m) {
        return new String(m.bytes, 0, m.length, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aMessageEndsWhereItsFramingSaysAndNotBefore() throws IOException {
        String length = "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
        assertThat(text(read(length + "NEXT"))).isEqualTo(length);
        String chunked = "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\n\r\n";
        assertThat(text(read(chunked + "HTTP/1.1 200"))).isEqualTo(chunked);
        String none = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
        assertThat(text(read(none + "GET"))).isEqualTo(none);
    }

    @Test
    void aBodyLargerThanTheFirstBufferIsRelayedWhole() throws IOException {
        String message = "POST / HTTP/1.1\r\nContent-Length: 300000\r\n\r\n" + "y".repeat(300_000);
        assertThat(text(read(message + "GET / HTTP/1.1"))).isEqualTo(message);
    }

    @Test
    void aCleanEndBeforeAMessageIsTheEndAndATruncatedOneIsAnError() {
        assertThat(readQuietly("")).isFalse();
        assertThatThrownBy(() -> read("GET / HTTP/1.1\r\nHo")).hasMessageContaining("inside a message head");
        assertThatThrownBy(() -> read("POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc")).hasMessageContaining("inside a body");
    }

    private static boolean readQuietly(String wire) {
        try {
            return new FloorProxy.Message().read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
