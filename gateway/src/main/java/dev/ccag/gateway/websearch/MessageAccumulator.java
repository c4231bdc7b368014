package dev.ccag.gateway.websearch;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a complete {@code Message} from Anthropic stream events, as the SDKs do: used for the
 * model's own content (sent back to Bedrock on the next call of the loop) and for the answer to a
 * client that did not ask for a stream.
 */
final class MessageAccumulator {
    private final ObjectMapper mapper;
    private final ObjectNode message;
    private final ArrayNode content;
    private final Map<Integer, ObjectNode> blocks = new HashMap<>();
    private final Map<Integer, StringBuilder> partialJson = new HashMap<>();

    MessageAccumulator(ObjectMapper mapper) {
        this.mapper = mapper;
        this.message = mapper.createObjectNode();
        this.content = mapper.createArrayNode();
    }

    void apply(ObjectNode event) {
        switch (event.path("type").asString("")) {
            case "message_start" -> {
                if (event.get("message") instanceof ObjectNode m) {
                    m.properties().forEach(e -> {
                        if (!e.getKey().equals("content")) message.set(e.getKey(), e.getValue());
                    });
                }
            }
            case "content_block_start" -> {
                ObjectNode block = ((ObjectNode) event.get("content_block")).deepCopy();
                blocks.put(event.path("index").asInt(), block);
                content.add(block);
            }
            case "content_block_delta" -> delta(event.path("index").asInt(), event.path("delta"));
            case "content_block_stop" -> {
                int index = event.path("index").asInt();
                StringBuilder json = partialJson.remove(index);
                ObjectNode block = blocks.get(index);
                if (block != null && json != null) block.set("input", parseInput(json.toString()));
            }
            case "message_delta" -> {
                JsonNode delta = event.path("delta");
                if (delta.has("stop_reason")) message.set("stop_reason", delta.get("stop_reason"));
                if (delta.has("stop_sequence")) message.set("stop_sequence", delta.get("stop_sequence"));
                if (event.get("usage") instanceof ObjectNode u) message.set("usage", u);
            }
            default -> { }
        }
    }

    private void delta(int index, JsonNode delta) {
        ObjectNode block = blocks.get(index);
        if (block == null) return;
        switch (delta.path("type").asString("")) {
            case "text_delta" -> block.put("text", block.path("text").asString("") + delta.path("text").asString(""));
            case "thinking_delta" -> block.put("thinking", block.path("thinking").asString("") + delta.path("thinking").asString(""));
            case "signature_delta" -> block.put("signature", block.path("signature").asString("") + delta.path("signature").asString(""));
            case "input_json_delta" -> partialJson.computeIfAbsent(index, i -> new StringBuilder()).append(delta.path("partial_json").asString(""));
            case "citations_delta" -> {
                ArrayNode citations = block.get("citations") instanceof ArrayNode a ? a : block.putArray("citations");
                citations.add(delta.get("citation"));
            }
            default -> { }
        }
    }

    /** Partial JSON that does not parse (a call cut by max_tokens) leaves the input as it started. */
    private JsonNode parseInput(String json) {
        if (json.isBlank()) return mapper.createObjectNode();
        try {
            return mapper.readTree(json);
        } catch (JacksonException e) {
            return mapper.createObjectNode();
        }
    }

    /** The content blocks so far. */
    ArrayNode content() {
        return content;
    }

    /** The message with its content. */
    ObjectNode message() {
        ObjectNode m = message.deepCopy();
        m.set("content", content.deepCopy());
        return m;
    }
}
