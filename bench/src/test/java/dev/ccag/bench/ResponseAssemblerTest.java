package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseAssemblerTest {
    private static final String LENGTH = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"xyz\"}";
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4\r\n{\"a\"\r\n7;ext=1\r\n:\"xyz\"}\r\n0\r\n\r\n";
    private static final String TRAILERS = "HTTP/1.1 429 Too Many\r\ntransfer-encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n";

    /** Feeds the bytes in pieces of {@code step}; returns the assembler once complete, failing if it ends early or late. */
    private static ResponseAssembler feed(ResponseAssembler a, String response, int step) throws IOException {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 0; at < bytes.length; at += step) {
            int n = Math.min(step, bytes.length - at);
            byte[] space = a.space();
            System.arraycopy(bytes, at, space, a.size(), n);
            boolean complete = a.added(n);
            assertThat(complete).as("complete after %d of %d bytes", at + n, bytes.length).isEqualTo(at + n == bytes.length);
        }
        return a;
    }

    @Test
    void everySplitOfALengthFramedResponseCompletesOnItsLastByte() throws IOException {
        for (int step = 1; step <= LENGTH.length(); step++) {
            ResponseAssembler a = feed(new ResponseAssembler(), LENGTH, step);
            assertThat(a.status()).isEqualTo(200);
            assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"xyz\"}");
        }
    }

    @Test
    void everySplitOfAChunkedResponseIsDechunked() throws IOException {
        for (int step = 1; step <= CHUNKED.length(); step++) {
            ResponseAssembler a = feed(new ResponseAssembler(), CHUNKED, step);
            assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"xyz\"}");
        }
        for (int step = 1; step <= TRAILERS.length(); step++) {
            ResponseAssembler a = feed(new ResponseAssembler(), TRAILERS, step);
            assertThat(a.status()).isEqualTo(429);
            assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("abc");
        }
    }

    @Test
    void resetReadsTheNextResponseOnTheSameConnection() throws IOException {
        ResponseAssembler a = feed(new ResponseAssembler(), CHUNKED, 5);
        a.reset();
        assertThat(a.complete()).isFalse();
        feed(a, LENGTH, 7);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"xyz\"}");
        a.reset();
        feed(a, "HTTP/1.1 204 No Content\r\n\r\n", 3);
        assertThat(a.status()).isEqualTo(204);
        assertThat(a.body()).isEmpty();
    }

    @Test
    void aLargeBodyGrowsTheBuffer() throws IOException {
        String body = "x".repeat(200_000);
        ResponseAssembler a = feed(new ResponseAssembler(), "HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n" + body, 3000);
        assertThat(a.body()).hasSize(200_000);
    }

    @Test
    void malformedResponsesAreErrorsNotHangs() {
        assertThatThrownBy(() -> feed(new ResponseAssembler(), "SSH-2.0-x\r\n\r\n", 100)).hasMessageContaining("not an HTTP/1.x response");
        assertThatThrownBy(() -> feed(new ResponseAssembler(), "HTTP/1.1 abc OK\r\n\r\n", 100)).hasMessageContaining("bad status line");
        assertThatThrownBy(() -> feed(new ResponseAssembler(), "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", 100))
                .hasMessageContaining("bad Content-Length");
        assertThatThrownBy(() -> feed(new ResponseAssembler(), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabc", 100))
                .hasMessageContaining("longer than its Content-Length");
        assertThatThrownBy(() -> feed(new ResponseAssembler(), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 100))
                .hasMessageContaining("bad chunk size");
        assertThatThrownBy(() -> feed(new ResponseAssembler(), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nextra", 100))
                .hasMessageContaining("bytes after the last chunk");
    }
}
