package dev.ccag.gateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway's HTTP/1.1 client against a scripted socket server: framing, reuse, stale connections, abort. */
class Http1ClientTest {
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;

    /** Answers each request on a connection with the next script; a script is raw response bytes, or null to close. */
    private Http1Client.Origin serve(BlockingQueue<Script> scripts) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.add(s);
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> handle(s, scripts));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return Http1Client.Origin.of("http", "127.0.0.1", server.getLocalPort());
    }

    interface Script {
        void answer(OutputStream out) throws Exception;
    }

    private static void handle(Socket s, BlockingQueue<Script> scripts) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) return;
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
                }
                in.readNBytes(length);
                Script script = scripts.poll(10, TimeUnit.SECONDS);
                if (script == null) return;
                script.answer(out);
                out.flush();
            }
        } catch (Exception e) {
            // the test decides what a broken connection means
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static Script text(String raw) {
        return out -> out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] head() {
        return "POST /model/m/invoke HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) server.close();
        for (Socket s : accepted) s.close();
    }

    @Test
    void readsLengthAndChunkedBodiesAndReusesTheConnection() throws Exception {
        BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
        scripts.add(text("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"bcd\"}"));
        scripts.add(text("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Amzn-RequestId: r1\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\n"));
        scripts.add(text("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad Request\r\nx-amzn-ErrorType: ValidationException:http://x\r\n"
                + "Content-Length: 2\r\n\r\n{}"));
        Http1Client.Origin origin = serve(scripts);
        try (Http1Client client = new Http1Client(2000, 5000, 4)) {
            try (UpstreamResponse r = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))) {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("content-type")).isEqualTo("application/json");
                assertThat(new String(r.readBody(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"bcd\"}");
            }
            try (UpstreamResponse r = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))) {
                assertThat(r.header("X-AMZN-REQUESTID")).isEqualTo("r1");
                assertThat(new String(r.readBody(), StandardCharsets.UTF_8)).isEqualTo("hello world");
            }
            try (UpstreamResponse r = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))) {
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.header("x-amzn-ErrorType")).startsWith("ValidationException");
                assertThat(r.readBody()).hasSize(2);
            }
        }
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void aStreamedChunkIsReadableBeforeTheResponseEnds() throws Exception {
        BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
        java.util.concurrent.CountDownLatch firstRead = new java.util.concurrent.CountDownLatch(1);
        scripts.add(out -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            firstRead.await(10, TimeUnit.SECONDS); // the rest only once the client has seen the first event
            out.write("3\r\ntwo\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
        Http1Client.Origin origin = serve(scripts);
        try (Http1Client client = new Http1Client(2000, 5000, 4);
             UpstreamResponse r = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))) {
            InputStream body = r.body();
            byte[] buffer = new byte[16 * 1024];
            int n = body.read(buffer);
            assertThat(new String(buffer, 0, n, StandardCharsets.UTF_8)).isEqualTo("one");
            firstRead.countDown();
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("two");
        }
    }

    @Test
    void availableCountsOnlyChunkBytesThatAReadReturnsWithoutWaiting() throws Exception {
        BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
        java.util.concurrent.CountDownLatch second = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch third = new java.util.concurrent.CountDownLatch(1);
        scripts.add(out -> {
            // Each piece in one write: the client's buffer holds exactly what was sent so far.
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\none\r\n4\r\ntwo2\r\n5;x=y\r\nthree\r\n2\r\nf").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            second.await(10, TimeUnit.SECONDS);
            out.write("o\r\n1".getBytes(StandardCharsets.ISO_8859_1)); // the next size line cut before its CRLF
            out.flush();
            third.await(10, TimeUnit.SECONDS);
            out.write("\r\nZ\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
        Http1Client.Origin origin = serve(scripts);
        try (Http1Client client = new Http1Client(2000, 5000, 4);
             UpstreamResponse r = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))) {
            InputStream body = r.body();
            byte[] b = new byte[100];
            assertThat(body.available()).isEqualTo(3); // the first chunk, its size line buffered whole
            assertThat(new String(b, 0, body.read(b), StandardCharsets.UTF_8)).isEqualTo("one");
            assertThat(body.available()).isEqualTo(4); // past the CRLF and the next size line
            assertThat(new String(b, 0, body.read(b, 0, 2), StandardCharsets.UTF_8)).isEqualTo("tw");
            assertThat(body.available()).isEqualTo(2); // the rest of the chunk under way
            assertThat(new String(b, 0, body.read(b), StandardCharsets.UTF_8)).isEqualTo("o2");
            assertThat(body.available()).isEqualTo(5); // a chunk extension does not count
            assertThat(new String(b, 0, body.read(b), StandardCharsets.UTF_8)).isEqualTo("three");
            assertThat(body.available()).isEqualTo(1); // only the byte of the next chunk that is here
            assertThat(new String(b, 0, body.read(b), StandardCharsets.UTF_8)).isEqualTo("f");
            assertThat(body.available()).isZero(); // the chunk's last byte is still on its way
            second.countDown();
            assertThat(new String(b, 0, body.read(b), StandardCharsets.UTF_8)).isEqualTo("o");
            assertThat(body.available()).isZero(); // a size line without its CRLF: a read would wait
            third.countDown();
            assertThat(new String(b, 0, body.read(b), StandardCharsets.UTF_8)).isEqualTo("Z");
            assertThat(body.available()).isZero(); // the last chunk: no body bytes follow
            assertThat(body.read(b)).isEqualTo(-1);
            assertThat(body.available()).isZero();
        }
    }

    @Test
    void chunkSizeReadsHexUpToAnExtensionOrTheLineEnd() {
        byte[] line = "1a;name=v\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Http1Client.Response.chunkSize(line, 0, line.length)).isEqualTo(26);
        byte[] plain = "FF\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Http1Client.Response.chunkSize(plain, 0, plain.length)).isEqualTo(255);
        byte[] none = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Http1Client.Response.chunkSize(none, 0, none.length)).isEqualTo(-1);
        byte[] huge = "1234567890abcdef\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Http1Client.Response.chunkSize(huge, 0, huge.length)).isEqualTo(-1);
    }

    @Test
    void aConnectionTheServerClosedIsNotReusedAfterIdling() throws Exception {
        BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
        scripts.add(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            throw new IOException("server closes the idle connection"); // ends handle(): the socket closes
        });
        scripts.add(text("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        Http1Client.Origin origin = serve(scripts);
        try (Http1Client client = new Http1Client(2000, 5000, 4)) {
            try (UpstreamResponse r = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))) {
                assertThat(r.readBody()).hasSize(2);
            }
            Thread.sleep(2_200); // past the idle time after which a pooled connection is checked
            try (UpstreamResponse r = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))) {
                assertThat(new String(r.readBody(), StandardCharsets.UTF_8)).isEqualTo("ok");
            }
        }
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void abortUnblocksAReaderAndTheConnectionIsDropped() throws Exception {
        BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
        scripts.add(text("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n")); // then silence
        scripts.add(text("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        Http1Client.Origin origin = serve(scripts);
        try (Http1Client client = new Http1Client(2000, 30_000, 1)) {
            UpstreamResponse r = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)));
            InputStream body = r.body();
            assertThat(body.read(new byte[100])).isEqualTo(3);
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ignored) {
                    // the abort follows anyway
                }
                r.abort();
            });
            assertThatThrownBy(() -> body.read(new byte[100])).isInstanceOf(IOException.class);
            r.close();
            // The only connection permit came back: the next call gets a fresh connection.
            try (UpstreamResponse next = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))) {
                assertThat(new String(next.readBody(), StandardCharsets.UTF_8)).isEqualTo("ok");
            }
        }
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void aLateAbortDoesNotTouchAConnectionBackInThePool() throws Exception {
        BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
        scripts.add(text("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        scripts.add(text("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes"));
        Http1Client.Origin origin = serve(scripts);
        try (Http1Client client = new Http1Client(2000, 5000, 4)) {
            UpstreamResponse first = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)));
            assertThat(first.readBody()).hasSize(2);
            first.close();
            first.abort(); // e.g. the heartbeat thread, just after the call ended
            try (UpstreamResponse second = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))) {
                assertThat(new String(second.readBody(), StandardCharsets.UTF_8)).isEqualTo("yes");
            }
        }
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void aSilentServerTimesOutAsAReadTimeoutAndARefusedConnectIsNot() throws Exception {
        BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
        scripts.add(out -> Thread.sleep(5_000));
        Http1Client.Origin origin = serve(scripts);
        try (Http1Client client = new Http1Client(2000, 300, 4)) {
            assertThatThrownBy(() -> client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(SocketTimeoutException.class);
            int closedPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = s.getLocalPort();
            }
            assertThatThrownBy(() -> client.execute(Http1Client.Origin.of("http", "127.0.0.1", closedPort), head(),
                    "{}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
        }
    }

    /**
     * The timeout is between two reads, as a socket timeout was: a stream whose events keep coming
     * outlives it, one that falls silent half-way fails with a read timeout, and a closed client
     * leaves no connection behind for the timeout watcher.
     */
    @Test
    void theReadTimeoutIsBetweenReadsAndASilenceMidStreamTimesOut() throws Exception {
        BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
        scripts.add(out -> { // 12 events 100 ms apart: 1.2 s in all, well past the 600 ms timeout
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 12; i++) {
                out.write("1\r\nx\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(100);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
        scripts.add(out -> { // one event, then silence
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\ny\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(10_000);
        });
        Http1Client.Origin origin = serve(scripts);
        int watchedBefore = ReadTimeouts.watched();
        try (Http1Client client = new Http1Client(2000, 600, 4)) {
            try (UpstreamResponse r = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))) {
                assertThat(new String(r.readBody(), StandardCharsets.UTF_8)).isEqualTo("x".repeat(12));
            }
            try (UpstreamResponse r = new UpstreamResponse(client.execute(origin, head(), "{}".getBytes(StandardCharsets.UTF_8)))) {
                InputStream body = r.body();
                assertThat(body.read()).isEqualTo('y');
                long start = System.nanoTime();
                assertThatThrownBy(body::read).isInstanceOf(SocketTimeoutException.class).hasMessage("Read timed out");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(600);
            }
        }
        assertThat(ReadTimeouts.watched()).as("no connection stays watched after its client closed")
                .isLessThanOrEqualTo(watchedBefore); // another test's leftover may be pruned meanwhile
    }
}
