package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class EventLoopLoadRunnerTest {
    private static final byte[] POST = ("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello").getBytes(StandardCharsets.ISO_8859_1);
    private ServerSocket server;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    @AfterEach
    void close() throws IOException {
        if (server != null) server.close();
    }

    /** Answers the n-th request (counted over all connections, from 1) with {@code answer.apply(n)}; null closes the connection. */
    private Route serve(IntFunction<String> answer) throws IOException {
        server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                connections.incrementAndGet();
                Thread.ofPlatform().daemon().start(() -> {
                    try (s) {
                        s.setTcpNoDelay(true);
                        InputStream in = new BufferedInputStream(s.getInputStream());
                        OutputStream out = s.getOutputStream();
                        while (readRequest(in)) {
                            String r = answer.apply(served.incrementAndGet());
                            if (r == null) return;
                            byte[] bytes = r.getBytes(StandardCharsets.ISO_8859_1);
                            // in two writes, so the client meets a response split across reads
                            out.write(bytes, 0, bytes.length / 2);
                            out.flush();
                            out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the client closed its connections at the end of the run
                    }
                });
            }
        });
        return new Route("test", "127.0.0.1", server.getLocalPort(), false);
    }

    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String h = head.toString(StandardCharsets.ISO_8859_1);
            if (h.endsWith("\r\n\r\n")) {
                int i = h.toLowerCase().indexOf("content-length:");
                int len = i < 0 ? 0 : Integer.parseInt(h.substring(i + 15, h.indexOf('\r', i)).trim());
                return in.readNBytes(len).length == len;
            }
        }
        return false;
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void sendsExactlyTheRequestedNumberOverKeepAliveConnections() throws Exception {
        Route route = serve(n -> n % 3 == 0
                ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n" : ok("ok"));
        AtomicInteger checked = new AtomicInteger();
        ResponseCheck check = body -> {
            checked.incrementAndGet();
            return new String(body, StandardCharsets.UTF_8).equals("ok") ? null : "unexpected body";
        };
        LoadRunner.RunResult r = EventLoopLoadRunner.run(route, RequestSource.fixed(POST), 8, LoadRunner.Stop.after(2_000), check, 5);
        assertThat(r.errors()).as(r.firstError()).isZero();
        assertThat(r.total().size()).isEqualTo(2_000);
        assertThat(r.firstByte().size()).isEqualTo(2_000);
        assertThat(served.get()).isEqualTo(2_000);
        assertThat(connections.get()).isEqualTo(8);
        assertThat(checked.get()).isEqualTo(8 * 5);
        Samples.Summary s = r.total().summary();
        assertThat(s.p50()).isPositive();
        assertThat(r.firstByte().summary().max()).isLessThanOrEqualTo(s.max());
    }

    @Test
    void failedChecksAndStatusesAreErrorsAndNotSamples() throws Exception {
        Route route = serve(n -> n % 10 == 0 ? "HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy" : ok(n % 7 == 0 ? "bad" : "ok"));
        ResponseCheck check = body -> new String(body, StandardCharsets.UTF_8).equals("ok") ? null : "unexpected body";
        LoadRunner.RunResult r = EventLoopLoadRunner.run(route, RequestSource.fixed(POST), 4, LoadRunner.Stop.after(700),
                check, Integer.MAX_VALUE);
        // 70 answers of 503; of the other 630, those whose number is a multiple of 7 (and not of 10) fail the check
        long bad = java.util.stream.IntStream.rangeClosed(1, 700).filter(n -> n % 10 != 0 && n % 7 == 0).count();
        assertThat(r.errors()).isEqualTo(70 + bad);
        assertThat(r.total().size()).isEqualTo(700 - 70 - bad);
        assertThat(r.firstError()).matches("HTTP 503: busy|unexpected body");
    }

    @Test
    void aServerThatHangsUpMidRunIsAnErrorAndTheRunStillEnds() throws Exception {
        Route route = serve(n -> n == 50 ? null : ok("ok"));
        LoadRunner.RunResult r = EventLoopLoadRunner.run(route, RequestSource.fixed(POST), 4, LoadRunner.Stop.forSeconds(1.5),
                body -> null, 0);
        assertThat(r.errors()).isEqualTo(1);
        assertThat(r.firstError()).contains("closed");
        assertThat(r.total().size()).isGreaterThan(50);
        assertThat(r.elapsedNanos()).isBetween(1_400_000_000L, 10_000_000_000L);
    }
}
