package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.JsonTape;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the JSON body and checks what the pipeline relies on ({@link RequestFacts}), within Bedrock's 20 MB limit: a larger body is refused with 413
 * {@code request_too_large} before it is read (by Content-Length) or as soon as it passes the limit.
 * The body's room in {@link BodyMemory} is reserved before it is read (after, for a chunked body,
 * whose size is known only then) and held until the rest of the pipeline has answered; a body the
 * web search step will work on as a tree reserves more. The body's tokens, recorded by the check for
 * the translation ({@link JsonTape}), are kept until then when there is room for them at once.
 */
final class ReadBodyStep implements ProxyStep {
    private final ObjectMapper mapper;
    private final long maxBytes;
    private final BodyMemory memory;

    ReadBodyStep(ObjectMapper mapper, long maxBytes, BodyMemory memory) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
        this.memory = memory;
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        long declared = exchange.request.contentLength();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        BodyMemory.Reservation held = declared >= 0 ? memory.reserve(declared) : BodyMemory.Reservation.NONE;
        BodyMemory.Reservation tree = BodyMemory.Reservation.NONE;
        try {
            byte[] body = read(exchange.request.body(), declared);
            if (declared < 0) held = memory.reserve(body.length);
            check(exchange, body);
            // A body naming a server tool is also held as a tree for the web search loop, which takes
            // several times the bytes: counted as four times the body on top.
            if (exchange.json != null) tree = memory.reserve(2L * body.length);
            next.proceed(exchange);
        } finally {
            exchange.dropTape();
            tree.close();
            held.close();
        }
    }

    private void check(ProxyExchange exchange, byte[] body) {
        RequestFacts facts;
        try {
            facts = RequestFacts.scan(mapper, body);
        } catch (JacksonException e) {
            throw new ApiException(ApiError.invalidRequest("Request body is not valid JSON: " + e.getOriginalMessage()));
        }
        if (!facts.object()) {
            throw new ApiException(ApiError.invalidRequest("Request body must be a JSON object"));
        }
        if (facts.model() == null || facts.model().isBlank()) {
            throw new ApiException(ApiError.invalidRequest("model: Field required"));
        }
        if (exchange.route == ProxyRoute.MESSAGES && !facts.messages()) {
            throw new ApiException(ApiError.invalidRequest("messages: Field required"));
        }
        JsonToken stream = facts.stream();
        if (stream != null && !stream.isBoolean() && stream != JsonToken.VALUE_NULL) {
            throw new ApiException(ApiError.invalidRequest("stream: Input should be a valid boolean"));
        }
        exchange.body = body;
        keepTape(exchange, facts.tape());
        // Only the web search step works on a tree, and only when the body names a server tool.
        exchange.json = facts.serverTools() ? (ObjectNode) mapper.readTree(body) : null;
        exchange.requestedModel = facts.model();
        exchange.maxTokens = facts.maxTokens();
        exchange.stream = exchange.route == ProxyRoute.MESSAGES && stream == JsonToken.VALUE_TRUE;
    }

    /** The translation reads the tape instead of tokenising the body again, if there is room for it. */
    private void keepTape(ProxyExchange exchange, JsonTape tape) {
        if (tape == null) return;
        BodyMemory.Reservation room = memory.tryReserveExtra(tape.bytes());
        if (room == null) return; // bodies are waiting for memory: translate without it
        exchange.bodyTape = tape;
        exchange.tapeHeld = room;
    }

    private byte[] read(InputStream in, long declared) throws IOException {
        if (declared >= 0) {
            // Into one array of the announced size: readNBytes(len) would gather chunks and copy them again.
            byte[] body = new byte[(int) declared];
            int n = in.readNBytes(body, 0, body.length);
            if (n < body.length) {
                throw new ApiException(ApiError.invalidRequest("Request body ended after " + n + " of " + body.length + " bytes"));
            }
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
