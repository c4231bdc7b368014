package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RawHttpConnectionTest {
    private static final byte[] GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();

    /** A server that reads one request head at a time and answers each with the next canned response. */
    private int serve(List<String> responses, long pauseBeforeLastChunkMs) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        List<String> queue = new CopyOnWriteArrayList<>(responses);
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed() && !queue.isEmpty()) {
                try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    while (!queue.isEmpty() && readHead(in)) {
                        String r = queue.removeFirst();
                        int split = r.lastIndexOf("0\r\n\r\n");
                        if (pauseBeforeLastChunkMs > 0 && split > 0) {
                            out.write(r.substring(0, split).getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                            Thread.sleep(pauseBeforeLastChunkMs);
                            r = r.substring(split);
                        }
                        out.write(r.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        if (r.contains("Connection: close")) break;
                    }
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static boolean readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) return true;
        }
        return false;
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) server.close();
    }

    @Test
    void readsContentLengthAndChunkedBodiesOnOneKeptAliveConnection() throws Exception {
        int port = serve(List.of(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n",
                "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\n\r\nbusy"), 0);
        try (RawHttpConnection c = new RawHttpConnection("127.0.0.1", port)) {
            RawHttpConnection.Response first = c.exchange(GET);
            assertThat(first.status()).isEqualTo(200);
            assertThat(new String(c.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");

            RawHttpConnection.Response second = c.exchange(GET);
            assertThat(second.status()).isEqualTo(200);
            assertThat(new String(c.body(), StandardCharsets.UTF_8)).isEqualTo("hello, world");

            RawHttpConnection.Response third = c.exchange(GET);
            assertThat(third.status()).isEqualTo(503);
            assertThat(new String(c.body(), StandardCharsets.UTF_8)).isEqualTo("busy");
        }
        assertThat(accepted).hasValue(1);
    }

    @Test
    void timeToFirstBodyByteComesBeforeTheEndOfASlowStream() throws Exception {
        int port = serve(List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"), 200);
        try (RawHttpConnection c = new RawHttpConnection("127.0.0.1", port)) {
            RawHttpConnection.Response r = c.exchange(GET);
            assertThat(r.firstBodyNanos()).isLessThan(100_000_000L);
            assertThat(r.totalNanos()).isGreaterThanOrEqualTo(200_000_000L);
            assertThat(r.headersNanos()).isLessThanOrEqualTo(r.firstBodyNanos());
        }
    }

    @Test
    void reconnectsAfterTheServerClosesTheConnection() throws Exception {
        int port = serve(List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: close\r\n\r\na",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb"), 0);
        try (RawHttpConnection c = new RawHttpConnection("127.0.0.1", port)) {
            c.exchange(GET);
            assertThat(new String(c.body(), StandardCharsets.UTF_8)).isEqualTo("a");
            c.exchange(GET);
            assertThat(new String(c.body(), StandardCharsets.UTF_8)).isEqualTo("b");
        }
        assertThat(accepted).hasValue(2);
    }

    @Test
    void rejectsSomethingThatIsNotHttp() throws Exception {
        int port = serve(List.of("SSH-2.0-OpenSSH\r\n\r\n"), 0);
        try (RawHttpConnection c = new RawHttpConnection("127.0.0.1", port)) {
            assertThatThrownBy(() -> c.exchange(GET)).isInstanceOf(IOException.class).hasMessageContaining("status line");
        }
    }
}
