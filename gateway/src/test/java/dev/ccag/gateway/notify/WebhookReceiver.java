package dev.ccag.gateway.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook endpoint on 127.0.0.1 that verifies {@code ccag-signature} and can answer 503 to the first N deliveries. */
final class WebhookReceiver implements AutoCloseable {
    record Received(String eventId, String body, boolean signatureValid) {}

    private final HttpServer server;
    private final String secret;
    private final AtomicInteger failuresLeft;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();

    WebhookReceiver(String secret, int failFirst) throws IOException {
        this.secret = secret;
        this.failuresLeft = new AtomicInteger(failFirst);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        attempts.incrementAndGet();
        if (failuresLeft.getAndDecrement() > 0) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        boolean valid = WebhookSignature.verify(secret, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body,
                Instant.now(), Duration.ofMinutes(5));
        received.add(new Received(exchange.getRequestHeaders().getFirst(WebhookChannel.EVENT_ID_HEADER), body, valid));
        exchange.sendResponseHeaders(valid ? 204 : 401, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
