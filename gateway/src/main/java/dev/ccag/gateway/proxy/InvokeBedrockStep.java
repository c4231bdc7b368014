package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.BedrockOperation;
import dev.ccag.gateway.bedrock.UpstreamResponse;
import java.io.IOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Last step: calls Bedrock (through {@link UpstreamCall}) and answers the client. */
final class InvokeBedrockStep implements ProxyStep {
    private final UpstreamCall upstreamCall;
    private final StreamRelay relay;
    private final ObjectMapper mapper;

    InvokeBedrockStep(UpstreamCall upstreamCall, StreamRelay relay, ObjectMapper mapper) {
        this.upstreamCall = upstreamCall;
        this.relay = relay;
        this.mapper = mapper;
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        BedrockOperation operation = exchange.route == ProxyRoute.COUNT_TOKENS ? BedrockOperation.COUNT_TOKENS
                : exchange.stream ? BedrockOperation.INVOKE_STREAM : BedrockOperation.INVOKE;
        UpstreamResponse upstream = upstreamCall.call(exchange, operation);
        try {
            switch (operation) {
                case INVOKE_STREAM -> relay.relay(exchange, upstream);
                case INVOKE -> answerMessage(exchange, upstream);
                case COUNT_TOKENS -> answerCount(exchange, upstream);
            }
        } finally {
            upstream.close();
            exchange.upstreamEndNanos = System.nanoTime();
        }
    }

    private void answerMessage(ProxyExchange exchange, UpstreamResponse upstream) throws IOException {
        byte[] body = upstream.readBody();
        exchange.upstreamFirstEventNanos = System.nanoTime();
        JsonNode message = mapper.readTree(body);
        if (message.isObject()) {
            exchange.usage.absorbUsage(message.get("usage"));
            if (BedrockExtras.strip((tools.jackson.databind.node.ObjectNode) message, exchange.usage)) {
                body = mapper.writeValueAsBytes(message);
            }
        }
        writeJson(exchange, body);
    }

    private void answerCount(ProxyExchange exchange, UpstreamResponse upstream) throws IOException {
        JsonNode count = mapper.readTree(upstream.readBody());
        exchange.upstreamFirstEventNanos = System.nanoTime();
        JsonNode tokens = count.get("inputTokens");
        if (tokens == null || !tokens.isNumber()) {
            throw new ApiException(ApiError.api("Amazon Bedrock returned no token count"));
        }
        writeJson(exchange, ("{\"input_tokens\":" + tokens.asLong() + "}").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static void writeJson(ProxyExchange exchange, byte[] body) throws IOException {
        exchange.status = 200;
        exchange.settle(); // the ledger has the record before the client has the answer
        exchange.response.setStatus(200);
        exchange.response.setContentType("application/json");
        exchange.response.setContentLength(body.length);
        try {
            exchange.response.getOutputStream().write(body);
            exchange.response.flushBuffer();
        } catch (IOException e) {
            exchange.clientAborted = true;
            return;
        }
        exchange.clientFirstByteNanos = System.nanoTime();
    }

}
