package dev.ccag.emulator;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic {@code Message} JSON and the stream events' pieces, as Bedrock returns them. */
final class MessageJson {
    private MessageJson() {}

    /** The complete InvokeModel response. */
    static ObjectNode message(String id, String model, List<ReplyBlock> blocks, String stopReason, Usage usage) {
        ObjectNode m = envelope(id, model);
        var content = m.putArray("content");
        for (ReplyBlock b : blocks) content.add(block(b));
        m.put("stop_reason", stopReason);
        m.putNull("stop_sequence");
        m.set("usage", usage(usage, usage.outputTokens()));
        return m;
    }

    /** {@code message_start.message}: no content yet, usage with the input side and a token of output. */
    static ObjectNode startMessage(String id, String model, Usage usage) {
        ObjectNode m = envelope(id, model);
        m.putArray("content");
        m.putNull("stop_reason");
        m.putNull("stop_sequence");
        m.set("usage", usage(usage, 1));
        return m;
    }

    static ObjectNode usage(Usage u, long outputTokens) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("input_tokens", u.inputTokens());
        n.put("cache_creation_input_tokens", u.cacheWriteTokens());
        n.put("cache_read_input_tokens", u.cacheReadTokens());
        ObjectNode creation = n.putObject("cache_creation");
        creation.put("ephemeral_5m_input_tokens", u.cacheWrite5mTokens());
        creation.put("ephemeral_1h_input_tokens", u.cacheWrite1hTokens());
        n.put("output_tokens", outputTokens);
        return n;
    }

    /** A block as it appears complete in {@code content}. */
    static ObjectNode block(ReplyBlock b) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        switch (b) {
            case ReplyBlock.Text t -> n.put("type", "text").put("text", t.text());
            case ReplyBlock.Thinking t -> n.put("type", "thinking").put("thinking", t.thinking()).put("signature", t.signature());
            case ReplyBlock.ToolUse t -> {
                n.put("type", "tool_use").put("id", t.id()).put("name", t.name());
                n.set("input", t.input());
            }
        }
        return n;
    }

    /** A block as {@code content_block_start} announces it: empty text, empty input. */
    static ObjectNode emptyBlock(ReplyBlock b) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        switch (b) {
            case ReplyBlock.Text t -> n.put("type", "text").put("text", "");
            case ReplyBlock.Thinking t -> n.put("type", "thinking").put("thinking", "").put("signature", "");
            case ReplyBlock.ToolUse t -> {
                n.put("type", "tool_use").put("id", t.id()).put("name", t.name());
                n.putObject("input");
            }
        }
        return n;
    }

    private static ObjectNode envelope(String id, String model) {
        return Json.MAPPER.createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
    }
}
