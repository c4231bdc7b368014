package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.BedrockOperation;
import dev.ccag.gateway.bedrock.UpstreamResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a gateway-run tool loop (the web search step) may do with an exchange: replace the Anthropic
 * body and have it translated for Bedrock, call Bedrock through {@link UpstreamCall}, keep the usage
 * totals, and answer the client (an event stream kept alive by the heartbeats, or one JSON body).
 * It exists so the loop can live in its own package without opening the exchange's fields.
 */
public final class ToolLoopSupport {
    private final UpstreamCall upstreamCall;
    private final Consumer<ProxyExchange> retranslate;
    private final ErrorResponses errors;
    private final Heartbeats heartbeats;
    private final ObjectMapper mapper;

    ToolLoopSupport(UpstreamCall upstreamCall, Consumer<ProxyExchange> retranslate, ErrorResponses errors, Heartbeats heartbeats,
            ObjectMapper mapper) {
        this.mapper = mapper;
        this.upstreamCall = upstreamCall;
        this.retranslate = retranslate;
        this.errors = errors;
        this.heartbeats = heartbeats;
    }

    /** The parsed client body, before translation (null once the translate step consumed it). */
    public ObjectNode json(ProxyExchange exchange) {
        return exchange.json;
    }

    /**
     * Keeps a body changed in place before translation in step with the raw bytes, which the
     * translation is redone from when Bedrock refuses a beta or field.
     */
    public void rewrite(ProxyExchange exchange, ObjectNode json) {
        exchange.json = json;
        exchange.body = mapper.writeValueAsBytes(json);
    }

    /** Makes {@code anthropicBody} the request of the next upstream call, translated as any client body is. */
    public void prepare(ProxyExchange exchange, byte[] anthropicBody) {
        exchange.body = anthropicBody;
        exchange.json = null;
        retranslate.accept(exchange);
    }

    /** One Bedrock call; errors before the first byte throw {@link ApiException} in Anthropic's shape. */
    public UpstreamResponse call(ProxyExchange exchange, BedrockOperation operation) {
        return upstreamCall.call(exchange, operation);
    }

    public void upstreamEvent(ProxyExchange exchange) {
        if (exchange.upstreamFirstEventNanos == 0) exchange.upstreamFirstEventNanos = System.nanoTime();
    }

    public void upstreamEnded(ProxyExchange exchange) {
        exchange.upstreamEndNanos = System.nanoTime();
    }

    /** Replaces the exchange's usage with totals over every upstream call so far (what the ledger bills). */
    public void usage(ProxyExchange exchange, long input, long output, long cacheRead, long cacheWrite5m, long cacheWrite1h,
            long webSearches) {
        Usage u = exchange.usage;
        u.inputTokens = input;
        u.outputTokens = output;
        u.cacheReadTokens = cacheRead;
        u.cacheWriteTokens = cacheWrite5m + cacheWrite1h;
        u.cacheWrite5mTokens = cacheWrite5m;
        u.cacheWrite1hTokens = cacheWrite1h;
        u.webSearchRequests = webSearches;
    }

    public void clientAborted(ProxyExchange exchange) {
        exchange.clientAborted = true;
    }

    /** Starts the event stream (status 200, SSE headers) with pings while nothing else is written. */
    public ClientStream openStream(ProxyExchange exchange) throws IOException {
        exchange.status = 200;
        var response = exchange.response;
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        SseWriter sse = new SseWriter(response.startStream(200, "text/event-stream"));
        exchange.sse = sse;
        ClientStream stream = new ClientStream(exchange, sse);
        heartbeats.register(sse, stream::clientGone);
        return stream;
    }

    /** Answers with one JSON body; the ledger has the record before the client has the answer. */
    public void answerJson(ProxyExchange exchange, byte[] body) {
        InvokeBedrockStep.writeJson(exchange, body);
    }

    /** An open event stream to the client. */
    public final class ClientStream implements AutoCloseable {
        private final ProxyExchange exchange;
        private final SseWriter sse;
        private final AtomicReference<UpstreamResponse> current = new AtomicReference<>();

        private ClientStream(ProxyExchange exchange, SseWriter sse) {
            this.exchange = exchange;
            this.sse = sse;
        }

        /** The upstream call to cut when the client goes away while it runs (null: none). */
        public void upstream(UpstreamResponse upstream) {
            current.set(upstream);
        }

        public void event(String type, byte[] json) throws IOException {
            sse.event(type.getBytes(StandardCharsets.US_ASCII), json);
        }

        public void flush() throws IOException {
            sse.flush();
            if (exchange.clientFirstByteNanos == 0) exchange.clientFirstByteNanos = System.nanoTime();
        }

        public boolean broken() {
            return sse.broken();
        }

        /** Tells the ledger before the last event goes out. */
        public void settle() {
            exchange.settle();
        }

        /** Ends the stream with an {@code error} event (the status line went out long ago). */
        public void fail(ApiError error) {
            exchange.errorType = error.type();
            exchange.settle();
            try {
                errors.writeEvent(sse, error, exchange.requestId);
            } catch (IOException e) {
                exchange.clientAborted = true;
            }
        }

        private void clientGone() {
            exchange.clientAborted = true;
            UpstreamResponse upstream = current.get();
            if (upstream != null) upstream.abort();
        }

        @Override
        public void close() {
            heartbeats.unregister(sse);
        }
    }
}
