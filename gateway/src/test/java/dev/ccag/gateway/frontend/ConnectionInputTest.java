package dev.ccag.gateway.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConnectionInputTest {
    private static final long WAIT = 1_000_000_000L;

    /** Hands out at most {@code step} bytes per read, as a socket does when bytes trickle in. */
    private static InputStream trickle(String text, int step) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    private static String head(ConnectionInput in, int end) {
        return new String(in.buf, in.headStart, end - in.headStart, StandardCharsets.ISO_8859_1);
    }

    @Test
    void findsAHeadThatArrivesAByteAtATimeAndKeepsTheBodyBytesAfterIt() throws Exception {
        ConnectionInput in = new ConnectionInput(trickle("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 1), WAIT);
        int end = in.readHead(WAIT, 64 * 1024);
        assertThat(head(in, end)).isEqualTo("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");
        in.pos = end;
        byte[] body = new byte[5];
        int n = 0;
        while (n < 5) n += in.read(body, n, 5 - n);
        assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void emptyLinesBeforeARequestAreSkippedAndTwoPipelinedHeadsComeOneAfterTheOther() throws Exception {
        ConnectionInput in = new ConnectionInput(trickle("\r\n\r\nGET /a HTTP/1.1\nHost: x\n\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n", 1000), WAIT);
        int end = in.readHead(WAIT, 64 * 1024);
        assertThat(head(in, end)).isEqualTo("GET /a HTTP/1.1\nHost: x\n\n");
        in.pos = end;
        end = in.readHead(WAIT, 64 * 1024);
        assertThat(head(in, end)).isEqualTo("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        in.pos = end;
        assertThat(in.readHead(WAIT, 64 * 1024)).isEqualTo(-1); // a clean end between requests
    }

    @Test
    void aHeadLargerThanTheLimitIs431AndOneCutOffByTheEndOfTheConnectionIsAnError() {
        String big = "GET / HTTP/1.1\r\nHost: x\r\nx-big: " + "a".repeat(20_000) + "\r\n\r\n";
        assertThatThrownBy(() -> new ConnectionInput(trickle(big, 4096), WAIT).readHead(WAIT, 16 * 1024))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status).isEqualTo(431));
        assertThatThrownBy(() -> new ConnectionInput(trickle("GET / HTTP/1.1\r\nHost:", 3), WAIT).readHead(WAIT, 16 * 1024))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void aHeadLargerThanTheFirstBufferGrowsIt() throws Exception {
        String big = "GET / HTTP/1.1\r\nHost: x\r\nx-big: " + "a".repeat(20_000) + "\r\n\r\n";
        ConnectionInput in = new ConnectionInput(trickle(big, 4096), WAIT);
        int end = in.readHead(WAIT, 64 * 1024);
        assertThat(head(in, end)).isEqualTo(big);
    }

    @Test
    void aLargeReadGoesStraightIntoTheCallersArray() throws Exception {
        String body = "b".repeat(100_000);
        ConnectionInput in = new ConnectionInput(trickle("GET / HTTP/1.1\r\nHost: x\r\n\r\n" + body, 65536), WAIT);
        in.pos = in.readHead(WAIT, 64 * 1024);
        byte[] got = new byte[body.length()];
        int n = 0;
        while (n < got.length) {
            int k = in.read(got, n, got.length - n);
            assertThat(k).isPositive();
            n += k;
        }
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo(body);
        assertThat(in.deadline).as("no read in progress").isZero();
    }

    @Test
    void headEndFindsCrlfAndLfBlankLines() {
        byte[] crlf = "A\r\nB\r\n\r\nrest".getBytes(StandardCharsets.US_ASCII);
        assertThat(ConnectionInput.headEnd(crlf, 0, crlf.length)).isEqualTo(8);
        byte[] lf = "A\nB\n\nrest".getBytes(StandardCharsets.US_ASCII);
        assertThat(ConnectionInput.headEnd(lf, 0, lf.length)).isEqualTo(5);
        byte[] none = "A\r\nB\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(ConnectionInput.headEnd(none, 0, none.length)).isEqualTo(-1);
    }
}
