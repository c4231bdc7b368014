package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.BedrockErrorMapper;
import dev.ccag.gateway.bedrock.BedrockStreamEvent;
import dev.ccag.gateway.bedrock.EventStreamDecoder;
import dev.ccag.gateway.bedrock.UpstreamResponse;
import dev.ccag.gateway.observe.ProxyMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bedrock event stream in, Anthropic SSE out. Each read from Bedrock is decoded and written, and
 * flushed before any read that would wait on the socket, so nothing waits in a buffer. Deltas, the
 * bulk of a stream, are forwarded as the exact bytes Bedrock sent; only the few envelope events
 * ({@code message_start}, {@code message_delta}, {@code message_stop}) are parsed, for usage and to
 * strip Bedrock's metrics.
 */
final class StreamRelay {
    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);
    private static final JsonFactory JSON = new JsonFactory();
    /** Copies out of the upstream connection's own 16 KB buffer, so a small one costs no system call;
     *  it is held for the whole stream, and with thousands open a smaller one shortens the young
     *  collections that copy it (a text delta's frame is about 500 bytes). */
    private static final int READ_BUFFER = 4 * 1024;

    private final ObjectMapper mapper;
    private final BedrockErrorMapper errorMapper;
    private final ErrorResponses errors;
    private final Heartbeats heartbeats;
    private final ProxyMetrics metrics;

    StreamRelay(ObjectMapper mapper, BedrockErrorMapper errorMapper, ErrorResponses errors, Heartbeats heartbeats, ProxyMetrics metrics) {
        this.mapper = mapper;
        this.errorMapper = errorMapper;
        this.errors = errors;
        this.heartbeats = heartbeats;
        this.metrics = metrics;
    }

    void relay(ProxyExchange exchange, UpstreamResponse upstream) throws IOException {
        exchange.status = 200;
        var response = exchange.response;
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no"); // tell an nginx in front not to buffer the stream
        SseWriter sse = new SseWriter(response.startStream(200, "text/event-stream"));
        exchange.sse = sse;
        heartbeats.register(sse, upstream::abort);
        try {
            pump(exchange, upstream, sse);
        } finally {
            heartbeats.unregister(sse);
        }
    }

    private void pump(ProxyExchange exchange, UpstreamResponse upstream, SseWriter sse) throws IOException {
        EventStreamDecoder decoder = new EventStreamDecoder();
        byte[] buffer = new byte[READ_BUFFER];
        boolean finished = false;
        try (InputStream in = upstream.body()) {
            int n;
            boolean unsent = false;
            while (!finished && (n = in.read(buffer)) != -1) {
                List<BedrockStreamEvent> events = decoder.feed(buffer, 0, n);
                if (!events.isEmpty()) {
                    if (exchange.upstreamFirstEventNanos == 0) {
                        exchange.upstreamFirstEventNanos = System.nanoTime();
                    }
                    for (BedrockStreamEvent event : events) {
                        if (event instanceof BedrockStreamEvent.Chunk chunk) {
                            finished = forward(exchange, sse, chunk.json());
                            unsent = true;
                        } else if (event instanceof BedrockStreamEvent.StreamException ex) {
                            midStreamError(exchange, sse, ex);
                            upstream.abort();
                            return;
                        }
                        if (finished) break;
                    }
                }
                // Events that arrived together go out together: while Bedrock's next chunk is already
                // buffered there is nothing to wait for, so one send carries them all. A gateway behind
                // on a busy machine then spends one write per read, not one per event.
                if (unsent && (finished || in.available() == 0)) {
                    sse.flush();
                    unsent = false;
                    if (exchange.clientFirstByteNanos == 0) {
                        exchange.clientFirstByteNanos = System.nanoTime();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (sse.broken()) {
                // The client went away: stop Bedrock generating for nobody. What was streamed is metered.
                exchange.clientAborted = true;
                upstream.abort();
                return;
            }
            metrics.upstreamError(exchange.endpoint.name(), "stream_read");
            log.warn("request {}: Bedrock stream from {} broke: {}", exchange.requestId, exchange.endpoint.name(), e.toString());
            failStream(exchange, sse, ApiError.api("The upstream stream ended unexpectedly"));
            upstream.abort();
            return;
        }
        if (!finished) {
            log.warn("request {}: Bedrock stream from {} ended without message_stop", exchange.requestId, exchange.endpoint.name());
            failStream(exchange, sse, ApiError.api("The upstream stream ended unexpectedly"));
        }
    }

    /** Writes one Anthropic event; true once {@code message_stop} has gone out. */
    private boolean forward(ProxyExchange exchange, SseWriter sse, byte[] json) throws IOException {
        String type = typeOf(json);
        switch (type) {
            case "message_start" -> {
                JsonNode tree = mapper.readTree(json);
                JsonNode message = tree.get("message");
                if (message != null) exchange.usage.absorbUsage(message.get("usage"));
                if (tree instanceof ObjectNode o && BedrockExtras.strip(o, exchange.usage)) json = mapper.writeValueAsBytes(o);
            }
            case "message_delta" -> {
                JsonNode tree = mapper.readTree(json);
                exchange.usage.absorbUsage(tree.get("usage"));
                if (tree instanceof ObjectNode o && BedrockExtras.strip(o, exchange.usage)) json = mapper.writeValueAsBytes(o);
            }
            case "message_stop" -> {
                JsonNode tree = mapper.readTree(json);
                if (tree instanceof ObjectNode o && BedrockExtras.strip(o, exchange.usage)) json = mapper.writeValueAsBytes(o);
                exchange.settle(); // the ledger has the record before the client sees the stream end
                sse.event(EventTypes.bytes(type), json);
                return true;
            }
            case "error" -> exchange.errorType = "stream_error";
            default -> { }
        }
        sse.event(EventTypes.bytes(type), json);
        return false;
    }

    private void midStreamError(ProxyExchange exchange, SseWriter sse, BedrockStreamEvent.StreamException ex) throws IOException {
        ApiError error = errorMapper.fromStreamException(ex.exceptionType(), ex.message());
        metrics.upstreamError(exchange.endpoint.name(), ex.exceptionType() == null ? "stream_exception" : ex.exceptionType());
        log.warn("request {}: Bedrock {} mid-stream {}: {}", exchange.requestId, exchange.endpoint.name(), ex.exceptionType(), ex.message());
        failStream(exchange, sse, error);
    }

    private void failStream(ProxyExchange exchange, SseWriter sse, ApiError error) {
        exchange.errorType = error.type();
        exchange.settle();
        try {
            errors.writeEvent(sse, error, exchange.requestId);
        } catch (IOException e) {
            exchange.clientAborted = true;
        }
    }

    private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

    /** The value of the event's {@code type} field, read without building a tree (it comes first). */
    static String typeOf(byte[] json) {
        // Bedrock and Anthropic write "type" first and compactly: read it in place, no parser per event.
        if (json.length > TYPE_PREFIX.length && java.util.Arrays.equals(json, 0, TYPE_PREFIX.length, TYPE_PREFIX, 0, TYPE_PREFIX.length)) {
            for (int i = TYPE_PREFIX.length; i < json.length; i++) {
                byte c = json[i];
                if (c == '"') {
                    String known = EventTypes.known(json, TYPE_PREFIX.length, i);
                    return known != null ? known : new String(json, TYPE_PREFIX.length, i - TYPE_PREFIX.length, StandardCharsets.UTF_8);
                }
                if (c == '\\') break; // an escape: the parser decides
            }
        }
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "unknown";
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(name) && value == JsonToken.VALUE_STRING) {
                    return p.getString();
                }
                p.skipChildren();
            }
        }
        return "unknown";
    }

    /** Event names as bytes, allocated once. */
    static final class EventTypes {
        private static final java.util.Map<String, byte[]> KNOWN = new java.util.HashMap<>();

        static {
            for (String t : List.of("message_start", "message_delta", "message_stop", "content_block_start",
                    "content_block_delta", "content_block_stop", "ping", "error")) {
                KNOWN.put(t, t.getBytes(StandardCharsets.US_ASCII));
            }
        }

        private static final List<String> NAMES = List.copyOf(KNOWN.keySet());

        /** The known type spelled by {@code json[from, to)}, as its constant string, or null. */
        static String known(byte[] json, int from, int to) {
            for (String name : NAMES) {
                byte[] b = KNOWN.get(name);
                if (b.length == to - from && java.util.Arrays.equals(json, from, to, b, 0, b.length)) return name;
            }
            return null;
        }

        static byte[] bytes(String type) {
            byte[] b = KNOWN.get(type);
            return b != null ? b : type.getBytes(StandardCharsets.UTF_8);
        }
    }
}
