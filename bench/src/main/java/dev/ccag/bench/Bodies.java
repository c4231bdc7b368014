package dev.ccag.bench;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Anthropic Messages API bodies of the workloads. Each answer is scripted with emulator
 * directives, so every route gets the same reply and the checks know what to expect.
 */
public final class Bodies {
    /** The model every workload asks for (a dated id the gateway maps to a {@code us.} inference profile). */
    public static final String MODEL = "claude-sonnet-4-5-20250929";
    /** What the emulator answers to the small and the Claude Code bodies. */
    public static final String SHORT_REPLY = "Pong from the CCAG benchmark.";
    /** The betas Claude Code 2.1.328 sends with this model (docs/claude-code-traffic.md). */
    public static final String CLAUDE_CODE_BETAS =
            "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,"
                    + "thinking-token-count-2026-05-13,advanced-tool-use-2025-11-20";

    private Bodies() {}

    /** A one-line question with a one-line answer. */
    public static byte[] small() {
        ObjectNode body = base(1024, false);
        userText(body.putArray("messages"), "[[emu:text " + SHORT_REPLY + "]] ping");
        return bytes(body);
    }

    /**
     * The small question, answered after {@code waitMs} (the emulator's {@code [[emu:slow MS]]}): a
     * model's think time, which keeps each request in flight that long whatever the route.
     */
    public static byte[] slowSmall(long waitMs) {
        ObjectNode body = base(1024, false);
        userText(body.putArray("messages"), "[[emu:text " + SHORT_REPLY + "]] [[emu:slow " + waitMs + "]] ping");
        return bytes(body);
    }

    /** A streamed answer of about {@code chars} characters in exactly {@code deltas} text deltas. */
    public static byte[] streaming(int deltas, int chars) {
        ObjectNode body = base(4096, true);
        userText(body.putArray("messages"), "[[emu:text " + streamText(chars) + "]] [[emu:chunks " + deltas + "]] write a story");
        return bytes(body);
    }

    /**
     * A streamed answer in {@code deltas} text deltas with {@code paceMs} between them (the emulator's
     * {@code [[emu:pace MS]]}): a model generating at a realistic rate, for the long-lived streams.
     */
    public static byte[] pacedStreaming(int deltas, int chars, long paceMs) {
        ObjectNode body = base(4096, true);
        userText(body.putArray("messages"), "[[emu:text " + streamText(chars) + "]] [[emu:chunks " + deltas + "]] [[emu:pace "
                + paceMs + "]] write a story");
        return bytes(body);
    }

    /** The text the streaming workload asks for: plain words, no brackets, {@code chars} long. */
    public static String streamText(int chars) {
        StringBuilder sb = new StringBuilder(chars + 16);
        String[] words = {"the", "gateway", "relays", "each", "event", "as", "it", "arrives", "from", "Bedrock"};
        for (int i = 0; sb.length() < chars; i++) sb.append(words[i % words.length]).append(' ');
        return sb.substring(0, chars).trim();
    }

    static ObjectNode base(int maxTokens, boolean stream) {
        ObjectNode body = ResponseCheck.JSON.createObjectNode();
        body.put("model", MODEL).put("max_tokens", maxTokens);
        if (stream) body.put("stream", true);
        return body;
    }

    static void userText(ArrayNode messages, String text) {
        ObjectNode m = messages.addObject().put("role", "user");
        m.putArray("content").addObject().put("type", "text").put("text", text);
    }

    static byte[] bytes(ObjectNode body) {
        return ResponseCheck.JSON.writeValueAsBytes(body);
    }
}
