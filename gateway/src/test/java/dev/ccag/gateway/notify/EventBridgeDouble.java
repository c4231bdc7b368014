package dev.ccag.gateway.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Amazon EventBridge as the SDK sees it (AWS JSON 1.1): a SigV4-signed POST with
 * {@code X-Amz-Target: AWSEvents.PutEvents} and {@code {"Entries":[...]}}, answered with
 * {@code {"FailedEntryCount":0,"Entries":[{"EventId":"..."}]}}.
 */
final class EventBridgeDouble implements AutoCloseable {
    private final HttpServer server;
    private final SigV4Check sigv4;
    private final ObjectMapper json = JsonMapper.builder().build();
    final List<JsonNode> entries = new CopyOnWriteArrayList<>();
    final List<String> rejected = new CopyOnWriteArrayList<>();

    EventBridgeDouble(String accessKeyId, String secretKey) throws IOException {
        this.sigv4 = new SigV4Check(accessKeyId, secretKey, "events");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String problem;
        try {
            problem = sigv4.problem(exchange, body);
        } catch (Exception e) {
            throw new IOException(e);
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (problem == null && !"AWSEvents.PutEvents".equals(target)) problem = "X-Amz-Target " + target;
        if (problem == null && (contentType == null || !contentType.startsWith("application/x-amz-json-1.1"))) problem = "Content-Type " + contentType;
        if (problem != null) {
            rejected.add(problem);
            reply(exchange, 400, "{\"__type\":\"ValidationException\",\"message\":\"" + problem + "\"}");
            return;
        }
        JsonNode request = json.readTree(body);
        StringBuilder results = new StringBuilder();
        for (JsonNode entry : request.path("Entries")) {
            entries.add(entry);
            if (!results.isEmpty()) results.append(',');
            results.append("{\"EventId\":\"").append(UUID.randomUUID()).append("\"}");
        }
        reply(exchange, 200, "{\"FailedEntryCount\":0,\"Entries\":[" + results + "]}");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
