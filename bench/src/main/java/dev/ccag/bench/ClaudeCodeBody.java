package dev.ccag.bench;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A synthetic request shaped like Claude Code's main-loop call late in a session: a long system
 * prompt with a cache breakpoint, about forty tool definitions with JSON schemas, and a history of
 * tool calls and file-sized tool results, grown until the body reaches the requested size.
 * Deterministic, so every run sends the same bytes.
 */
public final class ClaudeCodeBody {
    private static final String[] CORE_TOOLS = {
        "Bash", "Read", "Edit", "MultiEdit", "Write", "Glob", "Grep", "LS", "NotebookEdit", "WebFetch",
        "WebSearch", "TodoWrite", "Task", "ExitPlanMode", "BashOutput", "KillShell", "SlashCommand", "AskUserQuestion"};
    private static final int TOOLS = 40;
    private static final String PROSE = "When you work on a task, read the relevant files first, keep changes small, "
            + "run the tests that cover them, and report what you changed and why. Prefer editing existing files "
            + "to creating new ones, follow the conventions of the code around you, and never invent APIs. ";
    private static final String CODE = "    public static int sum(int[] values) {\n        int total = 0;\n"
            + "        for (int v : values) total += v; // overflow is the caller's concern\n        return total;\n    }\n";

    private ClaudeCodeBody() {}

    public static byte[] build(int targetBytes, String reply) {
        ObjectNode body = Bodies.base(32000, false);
        ArrayNode system = body.putArray("system");
        system.addObject().put("type", "text").put("text", "You are Claude Code, Anthropic's official CLI for Claude.");
        ObjectNode instructions = system.addObject().put("type", "text").put("text", repeat(PROSE, 40));
        instructions.putObject("cache_control").put("type", "ephemeral");
        ArrayNode tools = body.putArray("tools");
        for (int i = 0; i < TOOLS; i++) tool(tools, i);
        body.putObject("metadata").put("user_id", "user_0123456789abcdef_account__session_00000000-0000-4000-8000-000000000000");

        ArrayNode messages = body.putArray("messages");
        Bodies.userText(messages, "Please look at the project and fix the failing test in the sum helper.");
        int turn = 0;
        // A tool turn adds about 6 KB and the closing message little: stop just short of the target.
        while (Bodies.bytes(body).length < targetBytes - 7_000) {
            toolTurn(messages, turn++);
        }
        ObjectNode last = messages.addObject().put("role", "user");
        ObjectNode text = last.putArray("content").addObject().put("type", "text")
                .put("text", "[[emu:text " + reply + "]] Now summarise what you found.");
        text.putObject("cache_control").put("type", "ephemeral");
        return Bodies.bytes(body);
    }

    private static void tool(ArrayNode tools, int i) {
        String name = i < CORE_TOOLS.length ? CORE_TOOLS[i] : "mcp__workspace__tool_" + i;
        ObjectNode t = tools.addObject().put("name", name)
                .put("description", "Tool " + name + ". " + repeat(PROSE, 3));
        ObjectNode schema = t.putObject("input_schema");
        schema.put("type", "object").put("additionalProperties", false)
                .put("$schema", "http://json-schema.org/draft-07/schema#");
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (int p = 0; p < 5; p++) {
            String prop = "argument_" + p;
            ObjectNode pn = props.putObject(prop).put("type", p % 2 == 0 ? "string" : "number")
                    .put("description", "The " + prop + " of " + name + ": what it means and which values make sense.");
            if (p == 3) pn.putArray("enum").add("fast").add("thorough");
            if (p < 2) required.add(prop);
        }
    }

    private static void toolTurn(ArrayNode messages, int turn) {
        String id = String.format("toolu_bdrk_%024d", turn);
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        ArrayNode content = assistant.putArray("content");
        content.addObject().put("type", "text").put("text", "I'll read the next file to understand the failure.");
        ObjectNode use = content.addObject().put("type", "tool_use").put("id", id).put("name", "Read");
        use.putObject("input").put("argument_0", "/project/src/main/java/Sum" + turn + ".java").put("argument_1", 0);
        ObjectNode user = messages.addObject().put("role", "user");
        user.putArray("content").addObject().put("type", "tool_result").put("tool_use_id", id)
                .put("content", repeat(CODE, 20));
    }

    private static String repeat(String s, int times) {
        return s.repeat(times);
    }
}
