package dev.ccag.gateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The byte-editing rewriter against the tree sanitiser it replaced ({@link TreeSanitizer}, the
 * reference model): thousands of generated Claude Code-like bodies, written compactly and with white
 * space between every token, must come out as the same JSON with the same removals reported, or fail
 * with the same message. The cases the two are documented to differ in (repeated keys below the top
 * level; a learned path naming an object the sanitiser also edits inside) are not generated.
 */
class BodyRewriterTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<ModelFeatures> FEATURES = List.of(
            new ModelFeatures(true, true, false, false, true, "opus"),
            new ModelFeatures(false, false, false, false, false, "sonnet"),
            new ModelFeatures(true, false, true, false, false, "opus"),
            new ModelFeatures(true, false, false, true, false, "haiku"));
    private static final List<String> LEARNED = List.of("tools.*.strict", "metadata", "messages.*.content.*.citations",
            "thinking.budget_tokens", "tools.0.input_examples", "system.*.citations", "output_config.effort", "stop_sequences",
            "messages.*.content.*.content.*.citations", "context_management.edits.*.keep", "not.there", "tools.*", "anthropic_version");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void editsBytesExactlyAsTheTreeSanitiserEditedTrees(long seed) throws Exception {
        Random random = new Random(seed);
        int compared = 0;
        int failures = 0;
        for (int i = 0; i < 400; i++) {
            ObjectNode body = body(random);
            ModelFeatures features = FEATURES.get(random.nextInt(FEATURES.size()));
            Set<String> learned = new LinkedHashSet<>();
            if (random.nextInt(3) == 0) {
                for (int n = random.nextInt(4); n >= 0; n--) learned.add(LEARNED.get(random.nextInt(LEARNED.size())));
            }
            List<String> betas = random.nextBoolean() ? List.of() : List.of("interleaved-thinking-2025-05-14", "we\"ird");
            String where = "seed " + seed + ", body " + i + ", features " + features + ", learned " + learned + ":\n" + body;

            RemovedFields expectedRemoved = new RemovedFields();
            ObjectNode expected = null;
            String expectedError = null;
            try {
                expected = TreeSanitizer.sanitize(body.deepCopy(), features, learned, expectedRemoved);
            } catch (InvalidRequestException e) {
                expectedError = e.getMessage();
            }
            for (byte[] bytes : List.of(MAPPER.writeValueAsBytes(body), spaced(body, random))) {
                RemovedFields removed = new RemovedFields();
                if (expectedError != null) {
                    assertThatThrownBy(() -> BodyRewriter.plan(MAPPER, bytes, features, learned, removed))
                            .as(where).isInstanceOf(InvalidRequestException.class).hasMessage(expectedError);
                    assertThatThrownBy(() -> BodyRewriter.plan(MAPPER, bytes, tape(bytes), features, learned, new RemovedFields()))
                            .as(where + " (tape)").isInstanceOf(InvalidRequestException.class).hasMessage(expectedError);
                    failures++;
                    continue;
                }
                BodyRewriter.Plan plan = BodyRewriter.plan(MAPPER, bytes, features, learned, removed);
                byte[] out = plan.render(betas);
                // The tape's walk edits the same bytes in the same places as the tokeniser's.
                RemovedFields removedOnTape = new RemovedFields();
                BodyRewriter.Plan onTape = BodyRewriter.plan(MAPPER, bytes, tape(bytes), features, learned, removedOnTape);
                assertThat(new String(onTape.render(betas), StandardCharsets.UTF_8)).as(where + " (tape)")
                        .isEqualTo(new String(out, StandardCharsets.UTF_8));
                assertThat(removedOnTape.toList()).as(where + " (tape)").isEqualTo(removed.toList());
                assertThat(onTape.bodyBetas()).as(where + " (tape)").isEqualTo(plan.bodyBetas());
                assertThat(onTape.keepsContextManagement()).as(where + " (tape)").isEqualTo(plan.keepsContextManagement());
                JsonNode actual = MAPPER.readTree(out);
                ObjectNode wanted = expected.deepCopy();
                if (!betas.isEmpty()) {
                    ArrayNode array = wanted.putArray("anthropic_beta");
                    betas.forEach(array::add);
                }
                assertThat(actual).as(where + "\nrewritten:\n" + new String(out, StandardCharsets.UTF_8)).isEqualTo(wanted);
                assertThat(removed.toList()).as(where).containsExactlyInAnyOrderElementsOf(expectedRemoved.toList());
                assertThat(plan.keepsContextManagement()).as(where).isEqualTo(expected.has("context_management"));
                assertThat(plan.bodyBetas()).as(where).isEqualTo(bodyBetas(body));
                if (!learned.contains("anthropic_version")) {
                    assertThat(actual.propertyNames().iterator().next()).as(where).isEqualTo("anthropic_version");
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(300);
        assertThat(failures).isGreaterThan(0);
    }

    @Test
    void copiesWhatItKeepsByteForByte() throws Exception {
        String text = "caf\\u00e9 café \\\"quoted\\\" \\n 𝄞 \\ud834\\udd1e";
        String body = "{ \"model\" : \"claude\" ,\n \"max_tokens\": 1.0e3, \"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"" + text + "\",\"cache_control\":{\"type\":\"ephemeral\",\"scope\":\"global\"}}]}] , \"temperature\" : -0 }";
        RemovedFields removed = new RemovedFields();
        byte[] out = BodyRewriter.plan(MAPPER, body.getBytes(StandardCharsets.UTF_8), FEATURES.get(0), Set.of(), removed).render(List.of());
        String written = new String(out, StandardCharsets.UTF_8);
        assertThat(written).isEqualTo("{\"anthropic_version\":\"bedrock-2023-05-31\", \"max_tokens\": 1.0e3, \"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\",\"cache_control\":{\"type\":\"ephemeral\"}}]}] , \"temperature\" : -0 }");
        assertThat(removed.toList()).containsExactly("messages.*.content.*.cache_control.scope");
    }

    @Test
    void theLastOfARepeatedTopLevelKeyWins() throws Exception {
        String body = "{\"max_tokens\":1,\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}],\"max_tokens\":2,"
                + "\"messages\":[],\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"custom\"}}]}";
        byte[] out = BodyRewriter.plan(MAPPER, body.getBytes(StandardCharsets.UTF_8), FEATURES.get(0), Set.of(), new RemovedFields())
                .render(List.of());
        assertThat(MAPPER.readTree(out)).isEqualTo(MAPPER.readTree("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":2,"
                + "\"messages\":[],\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"object\"}}]}"));
    }

    @Test
    void anEmptyBodyBecomesTheVersionAlone() throws Exception {
        for (String body : List.of("{}", " { \n } ", "{\"model\":\"m\",\"stream\":true}")) {
            byte[] out = BodyRewriter.plan(MAPPER, body.getBytes(StandardCharsets.UTF_8), FEATURES.get(1), Set.of(), new RemovedFields())
                    .render(List.of("b"));
            assertThat(MAPPER.readTree(out)).isEqualTo(MAPPER.readTree("{\"anthropic_version\":\"bedrock-2023-05-31\",\"anthropic_beta\":[\"b\"]}"));
        }
    }

    @Test
    void refusesWhatIsNotJsonWithTheClientsError() {
        assertThatThrownBy(() -> BodyRewriter.plan(MAPPER, "{\"messages\":[".getBytes(StandardCharsets.UTF_8), FEATURES.get(0), Set.of(),
                new RemovedFields())).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("Request body is not valid JSON: ");
        assertThatThrownBy(() -> BodyRewriter.plan(MAPPER, "[]".getBytes(StandardCharsets.UTF_8), FEATURES.get(0), Set.of(),
                new RemovedFields())).isInstanceOf(InvalidRequestException.class).hasMessage("Request body must be a JSON object");
    }

    /** The body's tape as the arrival check records it, for a body of any size. */
    static JsonTape tape(byte[] bytes) {
        JsonTape.Recorder recorder = new JsonTape.Recorder(bytes, 0, 1);
        try (tools.jackson.core.JsonParser p = MAPPER.createParser(bytes)) {
            while (recorder.next(p) != null) {
                // every token recorded
            }
        }
        JsonTape tape = recorder.finish();
        assertThat(tape).isNotNull();
        return tape;
    }

    // ---- generated bodies ------------------------------------------------------------------------

    private static ObjectNode body(Random r) {
        ObjectNode body = NODES.objectNode();
        List<Runnable> parts = new ArrayList<>();
        parts.add(() -> body.put("model", "claude-sonnet-4-5"));
        parts.add(() -> body.put("max_tokens", r.nextInt(64_000)));
        parts.add(() -> body.set("messages", messages(r)));
        if (r.nextBoolean()) parts.add(() -> body.set("system", system(r)));
        if (r.nextBoolean()) parts.add(() -> body.set("tools", tools(r)));
        if (r.nextBoolean()) parts.add(() -> body.set("tool_choice", NODES.objectNode().put("type", "auto")));
        if (r.nextBoolean()) parts.add(() -> body.put("stream", r.nextBoolean()));
        if (r.nextInt(3) == 0) parts.add(() -> body.set("context_management", contextManagement(r)));
        if (r.nextInt(3) == 0) parts.add(() -> body.set("thinking", NODES.objectNode().put("type", "enabled").put("budget_tokens", 1024)));
        if (r.nextInt(3) == 0) parts.add(() -> body.set("metadata", NODES.objectNode().put("user_id", "{\"device_id\":\"d\"}")));
        if (r.nextInt(3) == 0) parts.add(() -> body.put("temperature", 1));
        if (r.nextInt(3) == 0) parts.add(() -> body.put("top_p", 0.9));
        if (r.nextInt(4) == 0) parts.add(() -> body.put("top_k", 5));
        if (r.nextInt(4) == 0) parts.add(() -> body.set("output_config", NODES.objectNode().put("effort", "high")));
        if (r.nextInt(4) == 0) parts.add(() -> body.set("stop_sequences", NODES.arrayNode().add("x")));
        if (r.nextInt(4) == 0) parts.add(() -> body.put("speed", "fast"));
        if (r.nextInt(4) == 0) parts.add(() -> body.set("mcp_servers", NODES.arrayNode()));
        if (r.nextInt(4) == 0) parts.add(() -> body.put("anthropic_version", "2023-06-01"));
        if (r.nextInt(4) == 0) parts.add(() -> body.set("betas", NODES.arrayNode().add(" effort-2025-11-24 ").add("").add(3)));
        if (r.nextInt(5) == 0) parts.add(() -> body.set("anthropic_beta", NODES.arrayNode().add("x-beta")));
        if (r.nextInt(5) == 0) parts.add(() -> body.set("cache_control", NODES.objectNode().put("type", "ephemeral")));
        java.util.Collections.shuffle(parts, r);
        parts.forEach(Runnable::run);
        return body;
    }

    private static ArrayNode system(Random r) {
        ArrayNode blocks = NODES.arrayNode();
        for (int i = r.nextInt(4); i >= 0; i--) {
            ObjectNode block = blocks.addObject().put("type", "text").put("text", "system \"prompt\" " + i);
            if (r.nextBoolean()) block.set("cache_control", cacheControl(r));
            if (r.nextInt(4) == 0) block.set("citations", NODES.arrayNode());
        }
        return blocks;
    }

    private static ArrayNode messages(Random r) {
        ArrayNode messages = NODES.arrayNode();
        for (int i = r.nextInt(5); i >= 0; i--) {
            ObjectNode message = messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant");
            if (r.nextInt(4) == 0) {
                message.put("content", "plain text é \u2028");
                continue;
            }
            ArrayNode content = message.putArray("content");
            for (int j = r.nextInt(4); j >= 0; j--) {
                ObjectNode block = content.addObject();
                switch (r.nextInt(4)) {
                    case 0 -> block.put("type", "text").put("text", "said \\ \"this\" \n");
                    case 1 -> block.put("type", "thinking").put("thinking", "hmm").put("signature", "EqQBCkYIBxgCKkDsig==");
                    case 2 -> block.put("type", "tool_use").put("id", "toolu_1").put("name", "Read").set("input",
                            NODES.objectNode().put("file_path", "/a").put("cache_control", "not a block key"));
                    default -> {
                        block.put("type", "tool_result").put("tool_use_id", "toolu_1");
                        if (r.nextBoolean()) {
                            block.put("content", "file contents");
                        } else {
                            ArrayNode inner = block.putArray("content");
                            for (int k = r.nextInt(3); k >= 0; k--) {
                                ObjectNode in = inner.addObject().put("type", "text").put("text", "line " + k);
                                if (r.nextBoolean()) in.set("cache_control", cacheControl(r));
                                if (r.nextInt(4) == 0) in.set("citations", NODES.arrayNode());
                            }
                            if (r.nextInt(5) == 0) inner.add("not an object");
                        }
                    }
                }
                if (r.nextInt(3) == 0) block.set("cache_control", cacheControl(r));
                if (r.nextInt(5) == 0) block.set("citations", NODES.arrayNode().addObject().put("type", "char_location"));
            }
            if (r.nextInt(6) == 0) content.add(7);
        }
        if (r.nextInt(8) == 0) messages.add("not a message");
        return messages;
    }

    private static JsonNode cacheControl(Random r) {
        if (r.nextInt(10) == 0) return NODES.stringNode("ephemeral");
        ObjectNode cc = NODES.objectNode();
        List<Runnable> keys = new ArrayList<>(List.of(() -> cc.put("type", "ephemeral")));
        if (r.nextBoolean()) keys.add(() -> cc.put("ttl", r.nextBoolean() ? "1h" : "5m"));
        if (r.nextBoolean()) keys.add(() -> cc.put("scope", "global"));
        java.util.Collections.shuffle(keys, r);
        keys.forEach(Runnable::run);
        return cc;
    }

    private static JsonNode tools(Random r) {
        int kind = r.nextInt(20);
        if (kind == 0) return NODES.objectNode().put("name", "not a list");
        if (kind == 1) return NODES.nullNode();
        ArrayNode tools = NODES.arrayNode();
        for (int i = r.nextInt(5); i >= 0; i--) {
            int shape = r.nextInt(30);
            if (shape == 0) {
                tools.add("not a tool");
                continue;
            }
            ObjectNode tool = tools.addObject();
            List<Runnable> keys = new ArrayList<>();
            if (shape < 6) {
                keys.add(() -> tool.put("type", r.nextBoolean() ? "web_search_20250305" : "web_search_20260209"));
                keys.add(() -> tool.put("name", "web_search"));
                if (r.nextBoolean()) keys.add(() -> tool.put("max_uses", 5));
                if (r.nextBoolean()) keys.add(() -> tool.put("defer_loading", true));
            } else {
                if (shape == 6) keys.add(() -> tool.put("name", "  "));
                else if (shape == 7) keys.add(() -> tool.put("name", 5));
                else if (shape != 8) keys.add(() -> tool.put("name", "Tool" + tool.hashCode()));
                if (r.nextInt(5) == 0) keys.add(() -> tool.put("type", "computer_20250124"));
                keys.add(() -> tool.set("input_schema", NODES.objectNode().put("type", r.nextInt(4) == 0 ? "custom" : "object")
                        .set("properties", NODES.objectNode().set("type", NODES.objectNode().put("type", "custom")))));
                if (r.nextInt(3) == 0) keys.add(() -> tool.put("defer_loading", true));
                if (r.nextInt(3) == 0) keys.add(() -> tool.put("eager_input_streaming", true));
                if (r.nextInt(4) == 0) keys.add(() -> tool.set("custom", NODES.objectNode()));
                if (r.nextInt(3) == 0) keys.add(() -> tool.put("strict", true));
                if (r.nextInt(4) == 0) keys.add(() -> tool.set("input_examples", NODES.arrayNode()));
                if (r.nextInt(3) == 0) keys.add(() -> tool.set("cache_control", cacheControl(r)));
            }
            java.util.Collections.shuffle(keys, r);
            keys.forEach(Runnable::run);
        }
        return tools;
    }

    private static JsonNode contextManagement(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> NODES.stringNode("auto");
            case 1 -> NODES.objectNode();
            case 2 -> NODES.objectNode().put("edits", "none");
            default -> {
                ObjectNode cm = NODES.objectNode();
                ArrayNode edits = cm.putArray("edits");
                for (int i = r.nextInt(3); i >= 0; i--) {
                    switch (r.nextInt(4)) {
                        case 0 -> edits.addObject().put("type", "clear_thinking_20251015").put("keep", "all");
                        case 1 -> edits.addObject().put("type", "clear_tool_uses_20250919");
                        case 2 -> edits.add(4);
                        default -> edits.addObject().put("type", "compact_20260112").put("keep", 1)
                                .set("trigger", NODES.objectNode().put("type", "input_tokens").put("value", 150_000));
                    }
                }
                yield cm;
            }
        };
    }

    private static List<String> bodyBetas(ObjectNode body) {
        List<String> all = new ArrayList<>();
        for (String name : List.of("betas", "anthropic_beta")) {
            if (body.get(name) instanceof ArrayNode a) {
                for (JsonNode v : a) {
                    if (v.isString() && !v.stringValue().trim().isEmpty()) all.add(v.stringValue().trim());
                }
            }
        }
        return all;
    }

    /** The body with random white space (spaces, tabs, newlines) around every token, as a client might send it. */
    private static byte[] spaced(JsonNode node, Random r) {
        StringBuilder b = new StringBuilder();
        write(node, r, b);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, Random r, StringBuilder b) {
        space(r, b);
        if (node.isObject()) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!first) b.append(',');
                first = false;
                space(r, b);
                b.append('"');
                JsonStringEncoder.getInstance().quoteAsString(e.getKey(), b);
                b.append('"');
                space(r, b);
                b.append(':');
                write(e.getValue(), r, b);
            }
            space(r, b);
            b.append('}');
        } else if (node.isArray()) {
            b.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) b.append(',');
                write(node.get(i), r, b);
            }
            space(r, b);
            b.append(']');
        } else {
            b.append(node);
        }
        space(r, b);
    }

    private static void space(Random r, StringBuilder b) {
        switch (r.nextInt(6)) {
            case 0 -> b.append(' ');
            case 1 -> b.append("\n  ");
            case 2 -> b.append("\t \r\n");
            default -> { }
        }
    }
}
