package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and parses the JSON body, within Bedrock's 20 MB limit: a larger body is refused with 413
 * {@code request_too_large} before it is read (by Content-Length) or as soon as it passes the limit.
 */
final class ReadBodyStep implements ProxyStep {
    private final ObjectMapper mapper;
    private final long maxBytes;

    ReadBodyStep(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        long declared = exchange.request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        byte[] body = read(exchange.request.getInputStream(), declared);
        JsonNode parsed;
        try {
            parsed = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(ApiError.invalidRequest("Request body is not valid JSON: " + e.getOriginalMessage()));
        }
        if (parsed == null || !parsed.isObject()) {
            throw new ApiException(ApiError.invalidRequest("Request body must be a JSON object"));
        }
        ObjectNode json = (ObjectNode) parsed;
        JsonNode model = json.get("model");
        if (model == null || !model.isString() || model.asString().isBlank()) {
            throw new ApiException(ApiError.invalidRequest("model: Field required"));
        }
        JsonNode messages = json.get("messages");
        if (exchange.route == ProxyRoute.MESSAGES && (messages == null || !messages.isArray())) {
            throw new ApiException(ApiError.invalidRequest("messages: Field required"));
        }
        JsonNode stream = json.get("stream");
        if (stream != null && !stream.isBoolean() && !stream.isNull()) {
            throw new ApiException(ApiError.invalidRequest("stream: Input should be a valid boolean"));
        }
        exchange.body = body;
        exchange.json = json;
        exchange.requestedModel = model.asString();
        exchange.stream = exchange.route == ProxyRoute.MESSAGES && stream != null && stream.asBoolean();
        next.proceed(exchange);
    }

    private byte[] read(InputStream in, long declared) throws IOException {
        if (declared >= 0) {
            byte[] body = in.readNBytes((int) declared);
            if (in.read() != -1) {
                throw tooLarge(); // more than announced: never trust the header alone
            }
            return body;
        }
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        return body;
    }

    private ApiException tooLarge() {
        return new ApiException(ApiError.requestTooLarge(
                "Request exceeds the maximum allowed number of bytes (" + maxBytes + ")"));
    }
}
