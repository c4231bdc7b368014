package dev.ccag.gateway.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Amazon SNS as the SDK sees it (AWS Query protocol): a SigV4-signed, form-encoded
 * {@code Action=Publish&TopicArn=...&Message=...} answered with an XML {@code PublishResponse}.
 */
final class SnsDouble implements AutoCloseable {
    private final HttpServer server;
    private final SigV4Check sigv4;
    final List<Map<String, String>> published = new CopyOnWriteArrayList<>();
    final List<String> rejected = new CopyOnWriteArrayList<>();
    /** Publishes still to answer with 500 InternalError before accepting. */
    final AtomicInteger failFirst = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();

    SnsDouble(String accessKeyId, String secretKey) throws IOException {
        this.sigv4 = new SigV4Check(accessKeyId, secretKey, "sns");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        requests.incrementAndGet();
        try {
            String problem = sigv4.problem(exchange, body);
            if (problem != null) {
                rejected.add(problem);
                reply(exchange, 403, "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>"
                        + problem + "</Message></Error><RequestId>r</RequestId></ErrorResponse>");
                return;
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        if (!"Publish".equals(form.get("Action")) || form.get("TopicArn") == null || form.get("Message") == null) {
            rejected.add("not a Publish: " + form);
            reply(exchange, 400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>bad</Message></Error></ErrorResponse>");
            return;
        }
        if (failFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            reply(exchange, 500, "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>try again</Message></Error>"
                    + "<RequestId>r</RequestId></ErrorResponse>");
            return;
        }
        published.add(form);
        reply(exchange, 200, "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult><MessageId>"
                + UUID.randomUUID() + "</MessageId></PublishResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></PublishResponse>");
    }

    private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] out = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
