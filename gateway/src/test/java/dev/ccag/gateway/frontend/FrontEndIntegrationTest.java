package dev.ccag.gateway.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.admin.AdminHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The front end on a real gateway in front of the real emulator, spoken to over raw sockets, so
 * every byte of the HTTP/1.1 exchange is the test's own: keep-alive, pipelining, 100-continue,
 * chunked bodies both ways, refusals, the hand-over to Tomcat, timeouts.
 */
class FrontEndIntegrationTest {
    static final String KEY = "sk-ccag-test-key-0123456789abcdefghij";
    static AdminHarness gateway;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        gateway = new AdminHarness(null, KEY, "ccag.front-end.idle-timeout=1s", "ccag.front-end.read-timeout=1s");
        port = gateway.base.getPort();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
    }

    static String message(String text, boolean stream) {
        return """
                {"model":"claude-sonnet-4-5-20250929","max_tokens":64,"stream":%s,"messages":[{"role":"user","content":"%s"}]}"""
                .formatted(stream, text);
    }

    static String post(String path, String body, String... extraHeaders) {
        StringBuilder b = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "anthropic-version: 2023-06-01\r\nx-api-key: " + KEY + "\r\n");
        for (String h : extraHeaders) b.append(h).append("\r\n");
        return b.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body).toString();
    }

    /** A response read off the wire: status, headers (lower-case names) and the decoded body. */
    record Response(int status, Map<String, String> headers, String body, String rawBody) {
        JsonNode json() {
            return AdminHarness.JSON.readTree(body);
        }
    }

    static final class Client implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Client() throws IOException {
            this(port);
        }

        Client(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(15_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new IOException("connection closed inside a line: " + b);
                b.write(c);
            }
            String s = b.toString(StandardCharsets.ISO_8859_1);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        Response response() throws IOException {
            String status = line();
            assertThat(status).startsWith("HTTP/1.1 ");
            Map<String, String> headers = new LinkedHashMap<>();
            String l;
            while (!(l = line()).isEmpty()) {
                int colon = l.indexOf(':');
                headers.merge(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip(), (a, b) -> a + "," + b);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            if (code == 100) return new Response(100, headers, "", "");
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
                raw.write(body.toByteArray());
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                while (true) {
                    String size = line();
                    raw.write((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    int n = Integer.parseInt(size, 16);
                    if (n == 0) {
                        assertThat(line()).isEmpty();
                        raw.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        break;
                    }
                    byte[] data = in.readNBytes(n);
                    body.write(data);
                    raw.write(data);
                    assertThat(line()).isEmpty();
                    raw.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            } else {
                body.write(in.readAllBytes());
            }
            return new Response(code, headers, body.toString(StandardCharsets.UTF_8), raw.toString(StandardCharsets.ISO_8859_1));
        }

        /** True when the server closed the connection (the next read ends). */
        boolean closedByServer() throws IOException {
            try {
                return in.read() == -1;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void theFrontEndHoldsThePublicPortAndTomcatOnlyALoopbackOne() {
        var env = gateway.gateway.getEnvironment();
        int tomcat = env.getProperty("local.ccag.tomcat-port", Integer.class);
        assertThat(port).isEqualTo(gateway.gateway.getBean(FrontEnd.class).port());
        assertThat(tomcat).isNotEqualTo(port).isPositive();
        var web = ((org.springframework.boot.web.server.context.WebServerApplicationContext) gateway.gateway).getWebServer();
        assertThat(web.getPort()).isEqualTo(tomcat);
        var connector = ((org.springframework.boot.tomcat.TomcatWebServer) web).getTomcat().getConnector();
        assertThat(connector.getProperty("address").toString()).contains("127.0.0.1");
    }

    @Test
    void severalRequestsShareOneConnectionAndPipelinedOnesAreAnsweredInOrder() throws Exception {
        try (Client c = new Client()) {
            c.send(post("/v1/messages", message("[[emu:text one]]", false)));
            Response first = c.response();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.headers()).containsKey("request-id").containsEntry("content-type", "application/json");
            assertThat(first.headers()).doesNotContainKey("connection");
            assertThat(first.json().at("/content/0/text").asString()).isEqualTo("one");

            // two requests in one write: both answered, in order, on the same connection
            c.send(post("/v1/messages", message("[[emu:text two]]", false)) + post("/v1/messages", message("[[emu:text three]]", false)));
            assertThat(c.response().json().at("/content/0/text").asString()).isEqualTo("two");
            assertThat(c.response().json().at("/content/0/text").asString()).isEqualTo("three");
        }
    }

    @Test
    void aStreamIsSentAsChunksThatEndWithTheLastChunkAndTheConnectionStaysOpen() throws Exception {
        try (Client c = new Client()) {
            c.send(post("/v1/messages", message("[[emu:text streamed]] [[emu:chunks 5]]", true)));
            Response r = c.response();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).containsEntry("transfer-encoding", "chunked").containsEntry("content-type", "text/event-stream")
                    .containsEntry("cache-control", "no-cache").doesNotContainKey("content-length");
            assertThat(r.body()).startsWith("event: message_start\n").contains("event: content_block_delta\n")
                    .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            assertThat(r.rawBody()).endsWith("\r\n0\r\n\r\n");
            c.send(post("/v1/messages", message("[[emu:text after]]", false)));
            assertThat(c.response().json().at("/content/0/text").asString()).isEqualTo("after");
        }
    }

    @Test
    void aChunkedRequestBodyIsRead() throws Exception {
        String body = message("[[emu:text chunked]]", false);
        int half = body.length() / 2;
        try (Client c = new Client()) {
            c.send("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nx-api-key: " + KEY
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(half) + ";ext=1\r\n" + body.substring(0, half) + "\r\n"
                    + Integer.toHexString(body.length() - half) + "\r\n" + body.substring(half) + "\r\n0\r\n\r\n");
            Response r = c.response();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().at("/content/0/text").asString()).isEqualTo("chunked");
        }
    }

    @Test
    void continueIsSentWhenTheBodyIsReadAndARefusalWithoutReadingClosesTheConnection() throws Exception {
        String body = message("[[emu:text continued]]", false);
        try (Client c = new Client()) {
            c.send("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nx-api-key: " + KEY
                    + "\r\nExpect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n");
            assertThat(c.response().status()).isEqualTo(100);
            c.send(body);
            Response r = c.response();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().at("/content/0/text").asString()).isEqualTo("continued");
        }
        try (Client c = new Client()) {
            c.send("POST /v1/messages HTTP/1.1\r\nHost: x\r\nx-api-key: sk-ccag-wrong\r\nExpect: 100-continue\r\nContent-Length: "
                    + body.length() + "\r\n\r\n");
            Response r = c.response();
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.headers()).containsEntry("connection", "close");
            assertThat(r.json().at("/error/type").asString()).isEqualTo("authentication_error");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aSmallUnreadBodyIsSkippedSoTheConnectionServesTheNextRequest() throws Exception {
        try (Client c = new Client()) {
            // refused before the body is read (no key); the body is skipped, not taken for the next request
            c.send("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nnot json!" + post("/v1/messages", message("[[emu:text next]]", false)));
            Response refused = c.response();
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.headers()).doesNotContainKey("connection");
            assertThat(c.response().json().at("/content/0/text").asString()).isEqualTo("next");
        }
    }

    @Test
    void malformedOrAmbiguousRequestsAreRefusedInAnthropicsShapeAndTheConnectionCloses() throws Exception {
        for (String bad : new String[] {
                "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                "POST /v1/messages HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
                "POST /v1/messages HTTP/1.1\r\nHost: x\r\n folded: yes\r\n\r\n",
                "GET /v1/models HTTP/1.1\r\nHost : x\r\n\r\n"}) {
            try (Client c = new Client()) {
                c.send(bad);
                Response r = c.response();
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.headers()).containsEntry("connection", "close").containsKey("request-id");
                assertThat(r.json().at("/type").asString()).isEqualTo("error");
                assertThat(r.json().at("/error/type").asString()).isEqualTo("invalid_request_error");
                assertThat(c.closedByServer()).isTrue();
            }
        }
        try (Client c = new Client()) {
            c.send("POST /v1/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
            assertThat(c.response().status()).isEqualTo(501);
        }
        try (Client c = new Client()) {
            c.send("GET /v1/models HTTP/1.1\r\nHost: x\r\nx-big: " + "a".repeat(70_000) + "\r\n\r\n");
            assertThat(c.response().status()).isEqualTo(431);
        }
    }

    @Test
    void http10AndConnectionCloseEndTheConnectionAfterTheAnswer() throws Exception {
        try (Client c = new Client()) {
            String request = post("/v1/messages", message("[[emu:text old]] [[emu:chunks 3]]", true)).replace("HTTP/1.1", "HTTP/1.0");
            c.send(request);
            Response r = c.response(); // no chunks on HTTP/1.0: the body ends with the connection
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).containsEntry("connection", "close").doesNotContainKey("transfer-encoding");
            assertThat(r.body()).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        }
        try (Client c = new Client()) {
            c.send(post("/v1/messages", message("[[emu:text bye]]", false), "Connection: close"));
            Response r = c.response();
            assertThat(r.headers()).containsEntry("connection", "close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void anotherPathHandsTheConnectionToTomcatWhichThenServesEveryRequestOnIt() throws Exception {
        try (Client c = new Client()) {
            c.send(post("/v1/messages", message("[[emu:text first]]", false)));
            assertThat(c.response().status()).isEqualTo(200);
            c.send("GET /actuator/health HTTP/1.1\r\nHost: x\r\n\r\n");
            Response health = c.response();
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().at("/status").asString()).isEqualTo("UP");
            // still open, now Tomcat's: the admin API answers and so does the API (through the proxy filter)
            c.send("GET /admin/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY + "\r\n\r\n");
            assertThat(c.response().status()).isEqualTo(200);
            c.send(post("/v1/messages", message("[[emu:text via tomcat]]", false)));
            Response api = c.response();
            assertThat(api.status()).isEqualTo(200);
            assertThat(api.json().at("/content/0/text").asString()).isEqualTo("via tomcat");
        }
    }

    @Test
    void anIdleConnectionAndAStalledHeadAreClosedAfterTheirTimeouts() throws Exception {
        try (Client c = new Client()) {
            c.send(post("/v1/messages", message("[[emu:text idle]]", false)));
            assertThat(c.response().status()).isEqualTo(200);
            assertThat(c.closedByServer()).as("closed after the 1 s idle timeout, well before the client's 15 s").isTrue();
        }
        try (Client c = new Client()) {
            c.send("POST /v1/messages HTTP/1.1\r\nHost: x\r\n"); // and never the rest
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void connectionsMoveToVirtualThreadsWhenManyAreOpenAndBackWhenFewAre() throws Exception {
        FrontEnd frontEnd = gateway.gateway.getBean(FrontEnd.class);
        long[] before = frontEnd.threadMoves();
        java.util.List<Client> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) clients.add(new Client()); // more than the 4 platform threads
            for (int round = 0; round < 2; round++) {
                for (Client c : clients) {
                    c.send(post("/v1/messages", message("[[emu:text many]]", false)));
                    assertThat(c.response().json().at("/content/0/text").asString()).isEqualTo("many");
                }
            }
            awaitMoves(frontEnd, 0, before[0] + 1);
            Client last = clients.removeLast();
            for (Client c : clients) c.close();
            clients.clear();
            clients.add(last);
            awaitOpen(frontEnd, 1);
            for (int i = 0; i < 3; i++) { // alone now: it moves to a platform thread (if on a virtual one) and keeps serving
                last.send(post("/v1/messages", message("[[emu:text alone]]", false)));
                assertThat(last.response().json().at("/content/0/text").asString()).isEqualTo("alone");
            }
            awaitMoves(frontEnd, 1, before[1] + 1);
        } finally {
            for (Client c : clients) c.close();
        }
    }

    private static void awaitMoves(FrontEnd frontEnd, int kind, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (frontEnd.threadMoves()[kind] < atLeast && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(frontEnd.threadMoves()[kind]).isGreaterThanOrEqualTo(atLeast);
    }

    private static void awaitOpen(FrontEnd frontEnd, int connections) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (frontEnd.openConnections() > connections && System.nanoTime() < deadline) Thread.sleep(10);
    }

    @Test
    void aHeadRequestGetsTheHeadWithoutTheBody() throws Exception {
        try (Client c = new Client()) {
            c.send("HEAD /v1/models HTTP/1.1\r\nHost: x\r\nx-api-key: " + KEY + "\r\n\r\n");
            String status = c.line();
            assertThat(status).startsWith("HTTP/1.1 405");
            String l;
            int length = -1;
            while (!(l = c.line()).isEmpty()) {
                if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(l.substring(15).strip());
            }
            assertThat(length).isPositive();
            // no body follows: the next response starts right away
            c.send("GET /v1/models HTTP/1.1\r\nHost: x\r\nx-api-key: " + KEY + "\r\n\r\n");
            assertThat(c.response().status()).isEqualTo(200);
        }
    }
}
