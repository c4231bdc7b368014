package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** Writes errors in Anthropic's JSON shape, as a response or as an SSE {@code error} event. */
final class ErrorResponses {
    private static final byte[] ERROR_TYPE = "error".getBytes(StandardCharsets.US_ASCII);
    private final ObjectMapper mapper;

    ErrorResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] body(ApiError error, String requestId) {
        ObjectNode root = mapper.createObjectNode();
        root.put("type", "error");
        ObjectNode e = root.putObject("error");
        e.put("type", error.type());
        e.put("message", error.message());
        root.put("request_id", requestId);
        return mapper.writeValueAsBytes(root);
    }

    void write(ClientResponse response, ApiError error, String requestId) throws IOException {
        response.setHeader("request-id", requestId);
        if (error.retryAfterSeconds() != null) {
            response.setHeader("retry-after", Integer.toString(error.retryAfterSeconds()));
        }
        response.send(error.status(), "application/json", body(error, requestId));
    }

    /** Once the event stream has begun the status is sent; the error travels as an event instead. */
    void writeEvent(SseWriter sse, ApiError error, String requestId) throws IOException {
        sse.event(ERROR_TYPE, body(error, requestId));
        sse.flush();
    }
}
