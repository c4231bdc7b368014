package dev.ccag.gateway.websearch;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.UpstreamResponse;
import dev.ccag.gateway.proxy.ApiException;
import dev.ccag.gateway.proxy.ProxyExchange;
import dev.ccag.gateway.proxy.ToolLoopSupport;
import java.io.IOException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the turn's client events go: straight onto the event stream, or into one JSON message for
 * a client that asked for {@code stream: false}. The loop writes the same events either way.
 */
sealed interface ClientSink extends AutoCloseable {
    void event(ObjectNode event) throws IOException;

    void flush() throws IOException;

    /** True once the client has gone away (nothing more can be written). */
    boolean broken();

    /** Ends the turn with an error: an {@code error} event, or (nothing sent yet) an HTTP error. */
    void fail(ApiError error);

    /** The last event was written: a JSON client gets its message now. */
    void complete();

    /** The Bedrock call to cut if the client leaves meanwhile (null: none). */
    void upstream(UpstreamResponse upstream);

    @Override
    void close();

    /** Events as SSE, flushed by the loop after each batch; pings come from the heartbeats. */
    final class Stream implements ClientSink {
        private final ObjectMapper mapper;
        private final ToolLoopSupport.ClientStream stream;

        Stream(ObjectMapper mapper, ToolLoopSupport.ClientStream stream) {
            this.mapper = mapper;
            this.stream = stream;
        }

        @Override
        public void event(ObjectNode event) throws IOException {
            String type = event.path("type").asString();
            if (type.equals("message_stop")) stream.settle(); // the ledger has the record before the client sees the end
            stream.event(type, mapper.writeValueAsBytes(event));
        }

        @Override
        public void flush() throws IOException {
            stream.flush();
        }

        @Override
        public boolean broken() {
            return stream.broken();
        }

        @Override
        public void fail(ApiError error) {
            stream.fail(error);
        }

        @Override
        public void complete() {
            // message_stop went out with the last flush
        }

        @Override
        public void upstream(UpstreamResponse upstream) {
            stream.upstream(upstream);
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    /** Events accumulated into the {@code Message} a non-streaming client receives. */
    final class Json implements ClientSink {
        private final ObjectMapper mapper;
        private final ToolLoopSupport support;
        private final ProxyExchange exchange;
        private final MessageAccumulator message;

        Json(ObjectMapper mapper, ToolLoopSupport support, ProxyExchange exchange) {
            this.mapper = mapper;
            this.support = support;
            this.exchange = exchange;
            this.message = new MessageAccumulator(mapper);
        }

        @Override
        public void event(ObjectNode event) {
            message.apply(event);
        }

        @Override
        public void flush() {
        }

        @Override
        public boolean broken() {
            return false;
        }

        @Override
        public void fail(ApiError error) {
            throw new ApiException(error); // nothing was sent: the client gets the error as its response
        }

        @Override
        public void complete() {
            support.answerJson(exchange, mapper.writeValueAsBytes(message.message()));
        }

        @Override
        public void upstream(UpstreamResponse upstream) {
        }

        @Override
        public void close() {
        }
    }
}
