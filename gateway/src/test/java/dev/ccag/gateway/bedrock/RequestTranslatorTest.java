package dev.ccag.gateway.bedrock;

import static dev.ccag.gateway.bedrock.BetaPolicyTest.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class RequestTranslatorTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final RequestTranslator TRANSLATOR = new RequestTranslator(BetaPolicy.loadDefault(), MAPPER);
    private static final String MSG = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String V = "\"anthropic_version\":\"bedrock-2023-05-31\"";

    private static ObjectNode json(String s) {
        return (ObjectNode) MAPPER.readTree(s);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode tree) {
        return MAPPER.writeValueAsBytes(tree);
    }

    private static Arguments row(String model, String in, String out, String removed) {
        return Arguments.of(model, in, out, removed.isEmpty() ? List.of() : List.of(removed.split(" ")));
    }

    static Stream<Arguments> topLevel() {
        return Stream.of(
                row("claude-sonnet-4-5", "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"max_tokens\":150," + MSG + "}",
                        "{" + V + ",\"max_tokens\":150," + MSG + "}", ""),
                row("claude-sonnet-4-6", "{\"max_tokens\":1," + MSG + ",\"speed\":\"fast\",\"mcp_servers\":[],\"container\":\"c\","
                                + "\"service_tier\":\"auto\",\"inference_geo\":\"us\",\"output_format\":{},\"cache_control\":{\"type\":\"ephemeral\"},\"x_extra\":1}",
                        "{" + V + ",\"max_tokens\":1," + MSG + "}",
                        "speed mcp_servers container service_tier inference_geo output_format cache_control x_extra"),
                row("claude-sonnet-4-6", "{\"max_tokens\":1," + MSG + ",\"stop_sequences\":[\"x\"],\"temperature\":1,\"top_k\":5,"
                                + "\"metadata\":{\"user_id\":\"{\\\"device_id\\\":\\\"d\\\"}\"},\"thinking\":{\"type\":\"adaptive\"},\"tool_choice\":{\"type\":\"auto\"},"
                                + "\"tools\":[{\"name\":\"T\",\"input_schema\":{\"type\":\"object\"}}],\"output_config\":{\"effort\":\"high\"}}",
                        "{" + V + ",\"max_tokens\":1," + MSG + ",\"stop_sequences\":[\"x\"],\"temperature\":1,\"top_k\":5,"
                                + "\"metadata\":{\"user_id\":\"{\\\"device_id\\\":\\\"d\\\"}\"},\"thinking\":{\"type\":\"adaptive\"},\"tool_choice\":{\"type\":\"auto\"},"
                                + "\"tools\":[{\"name\":\"T\",\"input_schema\":{\"type\":\"object\"}}],\"output_config\":{\"effort\":\"high\"}}", ""),
                row("claude-opus-5-5", "{\"max_tokens\":1," + MSG + ",\"output_config\":{\"effort\":\"low\"}}",
                        "{" + V + ",\"max_tokens\":1," + MSG + ",\"output_config\":{\"effort\":\"low\"}}", ""),
                row("claude-sonnet-4-5", "{\"max_tokens\":1," + MSG + ",\"output_config\":{\"effort\":\"low\"}}",
                        "{" + V + ",\"max_tokens\":1," + MSG + "}", "output_config"),
                row("claude-opus-4-7", "{\"max_tokens\":1," + MSG + ",\"temperature\":1,\"top_p\":0.9,\"top_k\":3}",
                        "{" + V + ",\"max_tokens\":1," + MSG + "}", "temperature top_p top_k"),
                row("claude-haiku-4-5", "{\"max_tokens\":1," + MSG + ",\"temperature\":0.5,\"top_p\":0.9}",
                        "{" + V + ",\"max_tokens\":1," + MSG + ",\"temperature\":0.5}", "top_p"),
                row("claude-haiku-4-5", "{\"max_tokens\":1," + MSG + ",\"top_p\":0.9}",
                        "{" + V + ",\"max_tokens\":1," + MSG + ",\"top_p\":0.9}", ""),
                row("claude-sonnet-4-6", "{\"max_tokens\":1," + MSG + ",\"anthropic_version\":\"2023-06-01\",\"betas\":[]}",
                        "{" + V + ",\"max_tokens\":1," + MSG + "}", ""));
    }

    static Stream<Arguments> cacheControl() {
        String sys = "\"system\":[{\"type\":\"text\",\"text\":\"s\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\",\"scope\":\"global\"}}]";
        String sysOut45 = "\"system\":[{\"type\":\"text\",\"text\":\"s\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]";
        String sysOut4 = "\"system\":[{\"type\":\"text\",\"text\":\"s\",\"cache_control\":{\"type\":\"ephemeral\"}}]";
        String msgs = "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"r\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"5m\",\"scope\":\"global\"}}]},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBOR\"},\"cache_control\":{\"type\":\"ephemeral\",\"scope\":\"global\"}}]}]";
        String msgsOut45 = "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"r\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"5m\"}}]},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBOR\"},\"cache_control\":{\"type\":\"ephemeral\"}}]}]";
        String msgsOut4 = msgsOut45.replace(",\"ttl\":\"5m\"", "");
        String tools = "\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"object\"},\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\",\"scope\":\"global\"}}]";
        String toolsOut45 = "\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"object\"},\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]";
        String toolsOut4 = "\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"object\"},\"cache_control\":{\"type\":\"ephemeral\"}}]";
        String in = "{\"max_tokens\":1," + sys + "," + msgs + "," + tools + "}";
        String scopes = "system.*.cache_control.scope messages.*.content.*.content.*.cache_control.scope "
                + "messages.*.content.*.cache_control.scope tools.*.cache_control.scope";
        return Stream.of(
                row("claude-sonnet-4-5", in, "{" + V + ",\"max_tokens\":1," + sysOut45 + "," + msgsOut45 + "," + toolsOut45 + "}", scopes),
                row("claude-opus-5-5", in, "{" + V + ",\"max_tokens\":1," + sysOut45 + "," + msgsOut45 + "," + toolsOut45 + "}", scopes),
                row("claude-sonnet-4-0", in, "{" + V + ",\"max_tokens\":1," + sysOut4 + "," + msgsOut4 + "," + toolsOut4 + "}",
                        "system.*.cache_control.scope system.*.cache_control.ttl messages.*.content.*.content.*.cache_control.scope "
                                + "messages.*.content.*.content.*.cache_control.ttl messages.*.content.*.cache_control.scope "
                                + "tools.*.cache_control.scope tools.*.cache_control.ttl"),
                row("claude-3-7-sonnet-latest", "{\"max_tokens\":1,\"system\":\"plain\"," + MSG + "}",
                        "{" + V + ",\"max_tokens\":1,\"system\":\"plain\"," + MSG + "}", ""));
    }

    static Stream<Arguments> tools() {
        return Stream.of(
                row("claude-opus-4-7", "{\"max_tokens\":1," + MSG + ",\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"custom\"},\"defer_loading\":true,"
                                + "\"eager_input_streaming\":true,\"custom\":{},\"strict\":true}]}",
                        "{" + V + ",\"max_tokens\":1," + MSG + ",\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"object\"},\"strict\":true}]}",
                        "tools.*.defer_loading tools.*.eager_input_streaming tools.*.custom"),
                row("claude-opus-4-7", "{\"max_tokens\":1," + MSG + ",\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":5},"
                                + "{\"name\":\"A\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"auto\"}}",
                        "{" + V + ",\"max_tokens\":1," + MSG + ",\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"auto\"}}",
                        "tools.*(web_search_20250305)"),
                row("claude-opus-4-7", "{\"max_tokens\":1," + MSG + ",\"tools\":[{\"type\":\"web_search_20260209\",\"name\":\"web_search\"}],\"tool_choice\":{\"type\":\"any\"}}",
                        "{" + V + ",\"max_tokens\":1," + MSG + "}", "tools.*(web_search_20260209) tool_choice"),
                row("claude-sonnet-4-5", "{\"max_tokens\":1," + MSG + ",\"tools\":[{\"type\":\"computer_20250124\",\"name\":\"computer\",\"display_width_px\":1024}]}",
                        "{" + V + ",\"max_tokens\":1," + MSG + ",\"tools\":[{\"type\":\"computer_20250124\",\"name\":\"computer\",\"display_width_px\":1024}]}", ""));
    }

    static Stream<Arguments> contextManagement() {
        String clear = "{\"type\":\"clear_thinking_20251015\",\"keep\":\"all\"}";
        String compact = "{\"type\":\"compact_20260112\",\"trigger\":{\"type\":\"input_tokens\",\"value\":150000}}";
        return Stream.of(
                row("claude-opus-4-6", "{\"max_tokens\":1," + MSG + ",\"context_management\":{\"edits\":[" + clear + "]}}",
                        "{" + V + ",\"max_tokens\":1," + MSG + "}", "context_management.edits.*(clear_thinking_20251015) context_management"),
                row("claude-opus-4-6", "{\"max_tokens\":1," + MSG + ",\"context_management\":{\"edits\":[" + clear + "," + compact + "]}}",
                        "{" + V + ",\"max_tokens\":1," + MSG + ",\"context_management\":{\"edits\":[" + compact + "]}}",
                        "context_management.edits.*(clear_thinking_20251015)"),
                row("claude-opus-4-6", "{\"max_tokens\":1," + MSG + ",\"context_management\":{}}",
                        "{" + V + ",\"max_tokens\":1," + MSG + "}", "context_management"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource({"topLevel", "cacheControl", "tools", "contextManagement"})
    void sanitisesTheBody(String modelId, String in, String expected, List<String> removed) throws Exception {
        BedrockRequest r = TRANSLATOR.messages(bytes(in), List.of(), model(modelId), LearnedRejections.View.EMPTY);
        assertThat(MAPPER.readTree(r.body())).isEqualTo(MAPPER.readTree(expected));
        assertThat(r.removedFields()).containsExactlyInAnyOrderElementsOf(removed);
        // anthropic_version leads, as in AWS's examples
        assertThat(MAPPER.readTree(r.body()).propertyNames().iterator().next()).isEqualTo("anthropic_version");
    }

    static Stream<Arguments> betas() {
        return Stream.of(
                // model, header betas, body, expected anthropic_beta (null = absent), dropped
                Arguments.of("claude-sonnet-4-6", List.of(), "{}", null, List.of()),
                Arguments.of("claude-sonnet-4-6", List.of("claude-code-20250219"), "{}", null, List.of("claude-code-20250219")),
                Arguments.of("claude-sonnet-4-6", List.of("interleaved-thinking-2025-05-14"), "{\"betas\":[\"effort-2025-11-24\",\" interleaved-thinking-2025-05-14 \",\"\"]}",
                        List.of("interleaved-thinking-2025-05-14", "effort-2025-11-24"), List.of()),
                Arguments.of("claude-sonnet-4-6", List.of("context-management-2025-06-27"),
                        "{\"context_management\":{\"edits\":[{\"type\":\"clear_thinking_20251015\"}]}}", null, List.of("context-management-2025-06-27")),
                Arguments.of("claude-sonnet-4-6", List.of("context-management-2025-06-27", "compact-2026-01-12"),
                        "{\"context_management\":{\"edits\":[{\"type\":\"compact_20260112\"}]}}",
                        List.of("context-management-2025-06-27", "compact-2026-01-12"), List.of()),
                Arguments.of("claude-sonnet-4-6[1m]", List.of(), "{}", List.of("context-1m-2025-08-07"), List.of()),
                Arguments.of("claude-opus-4-1[1m]", List.of(), "{}", null, List.of("context-1m-2025-08-07")));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("betas")
    void movesAllowedBetasIntoTheBody(String modelId, List<String> header, String extra, List<String> expected, List<String> dropped)
            throws Exception {
        ObjectNode body = json("{\"max_tokens\":1," + MSG + "}");
        body.setAll(json(extra));
        BedrockRequest r = TRANSLATOR.messages(bytes(body), header, model(modelId), LearnedRejections.View.EMPTY);
        JsonNode out = MAPPER.readTree(r.body());
        if (expected == null) {
            assertThat(out.has("anthropic_beta")).isFalse();
            assertThat(r.forwardedBetas()).isEmpty();
        } else {
            assertThat(out.get("anthropic_beta").valueStream().map(JsonNode::asString).toList()).containsExactlyElementsOf(expected);
            assertThat(r.forwardedBetas()).containsExactlyElementsOf(expected);
        }
        assertThat(out.has("betas")).isFalse();
        assertThat(r.droppedBetas()).containsExactlyElementsOf(dropped);
    }

    @Test
    void leavesOutWhatBedrockRefusedLately() throws Exception {
        var learned = new LearnedRejections.View(Set.of("interleaved-thinking-2025-05-14"),
                Set.of("tools.*.strict", "messages.*.content.*.cache_control", "metadata", "not.there"));
        ObjectNode body = json("{\"max_tokens\":1,\"metadata\":{\"user_id\":\"u\"},\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"a\",\"cache_control\":{\"type\":\"ephemeral\"}},{\"type\":\"text\",\"text\":\"b\"}]}],"
                + "\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"object\"},\"strict\":true},{\"name\":\"B\",\"input_schema\":{\"type\":\"object\"},\"strict\":false}]}");
        BedrockRequest r = TRANSLATOR.messages(bytes(body), List.of("interleaved-thinking-2025-05-14"), model("claude-opus-4-7"), learned);
        assertThat(MAPPER.readTree(r.body())).isEqualTo(MAPPER.readTree("{" + V + ",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}],"
                + "\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"object\"}},{\"name\":\"B\",\"input_schema\":{\"type\":\"object\"}}]}"));
        assertThat(r.removedFields()).containsExactlyInAnyOrder("tools.*.strict", "messages.*.content.*.cache_control", "metadata");
        assertThat(r.droppedBetas()).containsExactly("interleaved-thinking-2025-05-14");
    }

    @Test
    void aToolWithoutANameIsTheClientsMistake() {
        ObjectNode body = json("{\"max_tokens\":1," + MSG + ",\"tools\":[{\"name\":\"A\",\"input_schema\":{}},{\"input_schema\":{\"type\":\"object\"}}]}");
        assertThatThrownBy(() -> TRANSLATOR.messages(bytes(body), List.of(), model("claude-opus-4-7"), LearnedRejections.View.EMPTY))
                .isInstanceOf(InvalidRequestException.class).hasMessage("tools.1.name: Field required");
    }

    @Test
    void translatesARealisticClaudeCodeRequest() throws Exception {
        JsonNode original = read("claude-code-request.json");
        List<String> header = List.of("claude-code-20250219", "interleaved-thinking-2025-05-14", "context-1m-2025-08-07",
                "context-management-2025-06-27", "prompt-caching-scope-2026-01-05", "effort-2025-11-24", "redact-thinking-2026-02-12");
        BedrockRequest r = TRANSLATOR.messages(bytes(original), header, model("claude-sonnet-4-5-20250929"),
                LearnedRejections.View.EMPTY);

        JsonNode out = MAPPER.readTree(r.body());
        assertThat(out).isEqualTo(read("claude-code-request.bedrock.json"));
        assertThat(r.forwardedBetas()).containsExactly("interleaved-thinking-2025-05-14", "context-1m-2025-08-07");
        assertThat(r.droppedBetas()).containsExactly("claude-code-20250219", "context-management-2025-06-27",
                "prompt-caching-scope-2026-01-05", "effort-2025-11-24", "redact-thinking-2026-02-12");
        assertThat(r.removedFields()).containsExactlyInAnyOrder("speed", "output_config", "system.*.cache_control.scope",
                "messages.*.content.*.content.*.cache_control.scope", "messages.*.content.*.cache_control.scope",
                "tools.*.defer_loading", "tools.*.eager_input_streaming", "tools.*.cache_control.scope",
                "context_management.edits.*(clear_thinking_20251015)", "context_management");
        // What the model said and signed is untouched.
        for (int m : new int[] {1, 3}) {
            assertThat(out.get("messages").get(m)).isEqualTo(original.get("messages").get(m));
        }
        assertThat(out.at("/messages/1/content/0/signature")).isEqualTo(original.at("/messages/1/content/0/signature"));
        assertThat(out.at("/system/0/text").asString()).startsWith("x-anthropic-billing-header: ");
        assertThat(out.get("metadata")).isEqualTo(original.get("metadata"));
    }

    static Stream<Arguments> countTokens() {
        String tools = "\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"object\"},\"defer_loading\":true}]";
        String toolsOut = "\"tools\":[{\"name\":\"A\",\"input_schema\":{\"type\":\"object\"}}]";
        return Stream.of(
                Arguments.of("claude-sonnet-4-6", List.of("token-counting-2024-11-01"), "{\"model\":\"claude-sonnet-4-6\",\"messages\":[]}",
                        "{" + V + ",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"foo\"}]}"),
                Arguments.of("claude-sonnet-4-6", List.of("interleaved-thinking-2025-05-14", "claude-code-20250219"),
                        "{\"model\":\"claude-sonnet-4-6\"," + MSG + "," + tools + ",\"system\":[{\"type\":\"text\",\"text\":\"s\"}],"
                                + "\"tool_choice\":{\"type\":\"auto\"},\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}",
                        "{" + V + ",\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\"],\"max_tokens\":2048," + MSG + ","
                                + "\"system\":[{\"type\":\"text\",\"text\":\"s\"}]," + toolsOut + ",\"tool_choice\":{\"type\":\"auto\"},"
                                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}"),
                Arguments.of("claude-opus-4-7", List.of(), "{\"model\":\"x\"," + MSG + ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":31999},"
                                + "\"metadata\":{\"user_id\":\"u\"},\"context_management\":{\"edits\":[{\"type\":\"compact_20260112\"}]}}",
                        "{" + V + ",\"max_tokens\":32000," + MSG + ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":31999}}"),
                Arguments.of("claude-opus-4-7", List.of(), "{" + MSG + ",\"thinking\":{\"type\":\"adaptive\"}}",
                        "{" + V + ",\"max_tokens\":2048," + MSG + ",\"thinking\":{\"type\":\"adaptive\"}}"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("countTokens")
    void wrapsCountTokensInTheInvokeModelEnvelope(String modelId, List<String> header, String in, String expectedInner) throws Exception {
        BedrockRequest r = TRANSLATOR.countTokens(bytes(in), header, model(modelId), LearnedRejections.View.EMPTY);
        JsonNode envelope = MAPPER.readTree(r.body());
        assertThat(envelope.propertyNames()).containsExactly("input");
        assertThat(envelope.get("input").propertyNames()).containsExactly("invokeModel");
        byte[] inner = Base64.getDecoder().decode(envelope.at("/input/invokeModel/body").asString());
        assertThat(MAPPER.readTree(inner)).isEqualTo(MAPPER.readTree(expectedInner));
    }

    private static JsonNode read(String name) throws IOException {
        try (InputStream in = RequestTranslatorTest.class.getResourceAsStream(name)) {
            return MAPPER.readTree(in);
        }
    }
}
