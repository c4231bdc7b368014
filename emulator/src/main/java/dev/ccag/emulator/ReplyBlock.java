package dev.ccag.emulator;

import tools.jackson.databind.JsonNode;

/** A content block of a scripted reply. */
sealed interface ReplyBlock {
    record Text(String text) implements ReplyBlock {}

    record Thinking(String thinking, String signature) implements ReplyBlock {}

    record ToolUse(String id, String name, JsonNode input) implements ReplyBlock {}
}
