package dev.ccag.emulator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chooses the scripted answer to a request (deterministic, so tests can predict it):
 * a tool_result in the last user message is acknowledged with its text; otherwise {@code [[emu:…]]}
 * directives in the last user message decide; otherwise a greeting that echoes the user.
 */
final class ReplyPlanner {
    static final String GREETING = "Hello from the CCAG Bedrock emulator. You said: ";
    static final String TOOL_RESULT_PREFIX = "Tool result received: ";
    private static final int ECHO_CHARS = 200;
    private static final int TOOL_RESULT_CHARS = 2000;
    private static final String[] FILLER = ("the quick brown fox jumps over the lazy dog while the emulator streams"
            + " deterministic words for benchmarks").split(" ");

    private final ThinkingSigner signer;
    private final int defaultChunks;
    private final long defaultPaceMs;
    private final int replyWords;

    ReplyPlanner(ThinkingSigner signer, int defaultChunks, long defaultPaceMs, int replyWords) {
        this.signer = signer;
        this.defaultChunks = defaultChunks;
        this.defaultPaceMs = defaultPaceMs;
        this.replyWords = replyWords;
    }

    Reply plan(JsonNode body) {
        JsonNode last = lastUserMessage(body.path("messages"));
        boolean fromUser = last != null;
        String userText = fromUser ? allText(last.path("content")) : "";
        String lastText = fromUser ? lastText(last.path("content")) : "";
        String thinkingType = body.path("thinking").path("type").asString("");
        boolean think = thinkingType.equals("enabled") || thinkingType.equals("adaptive");

        List<ReplyBlock> blocks = new ArrayList<>();
        String toolResult = fromUser ? firstToolResult(last.path("content")) : null;
        // A tool result may script the next step itself (a search result that asks for another search,
        // a tool that leads to a further tool): its directives then decide, as a user's would.
        if (toolResult != null && hasReplyDirective(DirectiveParser.parse(toolResult), toolNames(body.path("tools")))) {
            userText = toolResult;
            toolResult = null;
        }
        if (toolResult != null) {
            if (think) blocks.add(thinking(lastText.isEmpty() ? "the tool result" : lastText));
            blocks.add(new ReplyBlock.Text(TOOL_RESULT_PREFIX + truncate(toolResult, TOOL_RESULT_CHARS)));
            return new Reply(blocks, "end_turn", null, null, 0, defaultChunks, defaultPaceMs);
        }

        List<Directive> directives = DirectiveParser.parse(userText);
        String fault = null, midstream = null;
        long slowMs = 0, paceMs = defaultPaceMs;
        int chunks = defaultChunks;
        boolean maxTokens = false;
        List<ReplyBlock> texts = new ArrayList<>();
        List<ReplyBlock> tools = new ArrayList<>();
        Set<String> toolNames = toolNames(body.path("tools"));
        for (Directive d : directives) {
            switch (d.name()) {
                case "text" -> texts.add(new ReplyBlock.Text(d.args()));
                case "tool" -> toolUse(d.args(), toolNames, texts, tools);
                case "bash" -> {
                    ObjectNode input = Json.MAPPER.createObjectNode().put("command", d.args()).put("description", "Run command");
                    addTool("Bash", input, toolNames, texts, tools);
                }
                case "think" -> think = true;
                case "fault" -> fault = d.args();
                case "midstream" -> midstream = d.args();
                case "slow" -> slowMs = number(d.args(), 0);
                case "chunks" -> chunks = (int) number(d.args(), defaultChunks);
                case "pace" -> paceMs = number(d.args(), defaultPaceMs);
                case "maxtokens" -> maxTokens = true;
                default -> { } // unknown names are left alone: the text may merely mention the syntax
            }
        }
        if (think) blocks.add(thinking(lastText));
        if (texts.isEmpty() && !tools.isEmpty()) {
            ReplyBlock.ToolUse first = (ReplyBlock.ToolUse) tools.getFirst();
            texts.add(new ReplyBlock.Text("I'll use the " + first.name() + " tool."));
        }
        if (texts.isEmpty()) texts.add(new ReplyBlock.Text(greeting(lastText)));
        blocks.addAll(texts);
        blocks.addAll(tools);
        String stopReason = !tools.isEmpty() ? "tool_use" : maxTokens ? "max_tokens" : "end_turn";
        return new Reply(blocks, stopReason, fault, midstream, slowMs, chunks, paceMs);
    }

    /** Only directives this request can act on count: a result quoting another conversation's directive is just text. */
    private static boolean hasReplyDirective(List<Directive> directives, Set<String> toolNames) {
        for (Directive d : directives) {
            switch (d.name()) {
                case "text" -> {
                    return true;
                }
                case "bash" -> {
                    if (toolNames.contains("Bash")) return true;
                }
                case "tool" -> {
                    int space = d.args().indexOf(' ');
                    if (toolNames.contains(space < 0 ? d.args() : d.args().substring(0, space))) return true;
                }
                default -> { }
            }
        }
        return false;
    }

    private ReplyBlock thinking(String about) {
        String text = "The user wrote: " + truncate(about, 100) + ". I will answer with the emulator's scripted reply.";
        return new ReplyBlock.Thinking(text, signer.sign(text));
    }

    private String greeting(String lastText) {
        String text = GREETING + truncate(lastText, ECHO_CHARS);
        if (replyWords <= 0) return text;
        StringBuilder sb = new StringBuilder(text);
        int words = text.split("\\s+").length;
        for (int i = 0; words < replyWords; i++, words++) sb.append(' ').append(FILLER[i % FILLER.length]);
        return sb.toString();
    }

    private static void toolUse(String args, Set<String> toolNames, List<ReplyBlock> texts, List<ReplyBlock> tools) {
        int space = args.indexOf(' ');
        String name = space < 0 ? args : args.substring(0, space);
        String json = space < 0 ? "" : args.substring(space + 1).trim();
        JsonNode input;
        try {
            input = json.isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            texts.add(new ReplyBlock.Text("The emulator could not parse the input of tool " + name + " as JSON: " + json));
            return;
        }
        if (!input.isObject()) {
            texts.add(new ReplyBlock.Text("The input of tool " + name + " must be a JSON object: " + json));
            return;
        }
        addTool(name, input, toolNames, texts, tools);
    }

    private static void addTool(String name, JsonNode input, Set<String> toolNames, List<ReplyBlock> texts,
                                List<ReplyBlock> tools) {
        if (!toolNames.contains(name)) {
            texts.add(new ReplyBlock.Text("The tool " + name + " is not among the tools of this request, so the emulator cannot call it."));
            return;
        }
        tools.add(new ReplyBlock.ToolUse(Ids.toolUse(), name, input));
    }

    private static Set<String> toolNames(JsonNode tools) {
        Set<String> names = new HashSet<>();
        for (JsonNode t : tools) names.add(t.path("name").asString(""));
        return names;
    }

    /** String content, or all text blocks joined: where directives are looked for. */
    private static String allText(JsonNode content) {
        if (content.isString()) return content.asString();
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asString(""))) sb.append(block.path("text").asString("")).append('\n');
        }
        return sb.toString();
    }

    /**
     * The last message with role {@code user}. Claude Code's newest models end the conversation with a
     * role-{@code system} message (the environment description), so the user's turn is not always last;
     * an assistant message after it means the user has not spoken since.
     */
    private static JsonNode lastUserMessage(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            String role = messages.path(i).path("role").asString("");
            if (role.equals("user")) return messages.path(i);
            if (role.equals("assistant")) return null;
        }
        return null;
    }

    /** The last text block: what the user typed (Claude Code puts its reminders in earlier blocks). */
    private static String lastText(JsonNode content) {
        if (content.isString()) return content.asString();
        String last = "";
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asString(""))) last = block.path("text").asString("");
        }
        return last;
    }

    private static String firstToolResult(JsonNode content) {
        if (!content.isArray()) return null;
        for (JsonNode block : content) {
            if (!"tool_result".equals(block.path("type").asString(""))) continue;
            JsonNode c = block.path("content");
            if (c.isString()) return c.asString();
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) {
                if ("text".equals(part.path("type").asString(""))) {
                    if (!sb.isEmpty()) sb.append('\n');
                    sb.append(part.path("text").asString(""));
                }
            }
            return sb.toString();
        }
        return null;
    }

    private static long number(String s, long fallback) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static String truncate(String s, int max) {
        if (s.length() <= max) return s;
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
