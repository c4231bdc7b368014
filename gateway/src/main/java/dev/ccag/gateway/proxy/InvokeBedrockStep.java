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
        if (!usageOnly(body, exchange.usage)) {
            JsonNode message = mapper.readTree(body);
            if (message.isObject()) {
                exchange.usage.absorbUsage(message.get("usage"));
                if (BedrockExtras.strip((tools.jackson.databind.node.ObjectNode) message, exchange.usage)) {
                    body = mapper.writeValueAsBytes(message);
                }
            }
        }
        writeJson(exchange, body);
    }

    /**
     * The common case without a tree: a message object with no Bedrock extras, passed through as is,
     * whose {@code usage} is the only part read. Scanning tokens is cheaper than building a tree of the
     * whole answer (the content can be tens of kilobytes). False (nothing absorbed) when the answer has
     * {@code amazon-bedrock-*} keys to strip, is not an object, or does not parse: the tree path decides.
     */
    private boolean usageOnly(byte[] body, Usage usage) {
        JsonNode found = null;
        try (tools.jackson.core.JsonParser p = mapper.createParser(body)) {
            if (p.nextToken() != tools.jackson.core.JsonToken.START_OBJECT) return false;
            tools.jackson.core.JsonToken t;
            while ((t = p.nextToken()) == tools.jackson.core.JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                if (name.startsWith("amazon-bedrock-")) return false;
                p.nextToken();
                if ("usage".equals(name)) {
                    found = numbersAndObjects(p); // the last one wins, as in a tree
                } else {
                    p.skipChildren();
                }
            }
            if (t != tools.jackson.core.JsonToken.END_OBJECT || p.nextToken() != null) return false;
        } catch (tools.jackson.core.JacksonException e) {
            return false;
        }
        usage.absorbUsage(found);
        return true;
    }

    /**
     * The object at the parser as a small tree of its numbers and nested objects, which is all
     * {@link Usage#absorbUsage} reads; anything else is skipped. Null when the value is not an object.
     * (ObjectMapper.readTree(parser) would refuse the tokens that follow the value.)
     */
    private static JsonNode numbersAndObjects(tools.jackson.core.JsonParser p) {
        if (p.currentToken() != tools.jackson.core.JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        tools.jackson.databind.node.ObjectNode o = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        while (p.nextToken() == tools.jackson.core.JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            switch (p.nextToken()) {
                case VALUE_NUMBER_INT -> o.put(name, p.getLongValue());
                case VALUE_NUMBER_FLOAT -> o.put(name, p.getDoubleValue());
                case START_OBJECT -> o.set(name, numbersAndObjects(p));
                default -> {
                    o.remove(name); // a later non-number replaces an earlier number, as in a tree
                    p.skipChildren();
                }
            }
        }
        return o;
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

    /** Answers with one JSON body; the ledger has the record before the client has the answer. */
    static void writeJson(ProxyExchange exchange, byte[] body) {
        exchange.status = 200;
        exchange.settle(); // the ledger has the record before the client has the answer
        try {
            exchange.response.send(200, "application/json", body);
        } catch (IOException e) {
            exchange.clientAborted = true;
            return;
        }
        exchange.clientFirstByteNanos = System.nanoTime();
    }

}
