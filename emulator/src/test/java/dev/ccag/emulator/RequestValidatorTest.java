package dev.ccag.emulator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Each row: model, body fields (merged into a minimal valid body), and Bedrock's message, or null when accepted. */
class RequestValidatorTest {
    static final String SONNET_45 = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    static final String HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
    static final String OPUS_47 = "global.anthropic.claude-opus-4-7";
    static final String OPUS_46 = "anthropic.claude-opus-4-6-v1";
    static final String SONNET_4 = "anthropic.claude-sonnet-4-20250514-v1:0";
    static final String SONNET_37 = "anthropic.claude-3-7-sonnet-20250219-v1:0";
    static final String HAIKU_35 = "anthropic.claude-3-5-haiku-20241022-v1:0";
    static final String NEWEST = "us.anthropic.claude-opus-5-5";

    static final ThinkingSigner SIGNER = new ThinkingSigner("test-key");
    static final RequestValidator VALIDATOR = new RequestValidator(SIGNER);
    static final ModelResolver MODELS = new ModelResolver(ModelCatalog.builtIn(), "claude-sonnet-4-5-20250929", Map.of());

    static Stream<Arguments> rows() {
        String extra = " is not permitted, please reformat your input and try again.";
        return Stream.of(
                row(SONNET_45, "", null),
                row(SONNET_45, "\"model\":\"claude-sonnet-4-5\"", "Malformed input request: #: extraneous key [model]" + extra),
                row(SONNET_45, "\"stream\":true", "Malformed input request: #: extraneous key [stream]" + extra),
                row(SONNET_45, "\"speed\":\"fast\"", "Malformed input request: #: extraneous key [speed]" + extra),
                row(SONNET_45, "\"output_config\":{\"effort\":\"high\"}", "Malformed input request: #: extraneous key [output_config]" + extra),
                row(OPUS_46, "\"output_config\":{\"effort\":\"high\"}", null),
                row(NEWEST, "\"output_config\":{\"effort\":\"high\"}", null),
                row(SONNET_45, "\"temperature\":1,\"top_p\":0.9", "`temperature` and `top_p` cannot both be specified for this model. Please use only one."),
                row(HAIKU_45, "\"temperature\":1,\"top_p\":0.9", "`temperature` and `top_p` cannot both be specified for this model. Please use only one."),
                row(SONNET_4, "\"temperature\":1,\"top_p\":0.9", null),
                row(OPUS_47, "\"temperature\":1", "`temperature` is not supported on this model; omit temperature, top_p and top_k."),
                row(OPUS_47, "\"top_k\":5", "`top_k` is not supported on this model; omit temperature, top_p and top_k."),
                row(OPUS_47, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}", "thinking.type: 'enabled' is not supported on this model; use one of [adaptive]."),
                row(OPUS_47, "\"thinking\":{\"type\":\"adaptive\"}", null),
                row(SONNET_45, "\"thinking\":{\"type\":\"adaptive\"}", "thinking.type: 'adaptive' is not supported on this model; use one of [enabled]."),
                row(SONNET_45, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1000}", "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"),
                row(SONNET_45, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":4096}", "`max_tokens` must be greater than `thinking.budget_tokens`."),
                row(SONNET_45, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}", null),
                row(SONNET_45, "\"thinking\":{\"type\":\"disabled\"}", null),
                row(SONNET_45, "\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\",\"context-1m-2025-08-07\"]", null),
                row(SONNET_45, "\"anthropic_beta\":[\"claude-code-20250219\"]", "invalid beta flag"),
                row(SONNET_45, "\"anthropic_beta\":[\"oauth-2025-04-20\"]", "invalid beta flag"),
                row(SONNET_45, "\"anthropic_beta\":[\"prompt-caching-scope-2026-01-05\"]", "invalid beta flag"),
                row(SONNET_45, "\"anthropic_beta\":[\"extended-cache-ttl-2025-04-11\"]", "invalid beta flag"),
                row(SONNET_45, "\"anthropic_beta\":[\"effort-2025-11-24\"]", "invalid beta flag"),
                row(OPUS_46, "\"anthropic_beta\":[\"effort-2025-11-24\",\"context-1m-2025-08-07\"]", null),
                row(HAIKU_45, "\"anthropic_beta\":[\"context-1m-2025-08-07\"]", "invalid beta flag"),
                row(SONNET_37, "\"anthropic_beta\":[\"output-128k-2025-02-19\"]", null),
                row(SONNET_37, "\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\"]", "invalid beta flag"),
                row(HAIKU_35, "\"anthropic_beta\":[\"token-efficient-tools-2025-02-19\"]", "invalid beta flag"),
                row(NEWEST, "\"anthropic_beta\":[\"compact-2026-01-12\",\"tool-search-tool-2025-10-19\"]", null),
                row(SONNET_45, "\"system\":[{\"type\":\"text\",\"text\":\"s\",\"cache_control\":{\"type\":\"ephemeral\",\"scope\":\"global\"}}]",
                        "system.0.cache_control.scope: Extra inputs are not permitted"),
                row(SONNET_45, "\"system\":[{\"type\":\"text\",\"text\":\"s\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]", null),
                row(SONNET_4, "\"system\":[{\"type\":\"text\",\"text\":\"s\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]",
                        "system.0.cache_control.ttl: Extra inputs are not permitted"),
                row(SONNET_4, "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"5m\"}}]}]",
                        "messages.0.content.1.cache_control.ttl: Extra inputs are not permitted"),
                row(SONNET_45, "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":[{\"type\":\"text\",\"text\":\"r\",\"cache_control\":{\"type\":\"ephemeral\",\"scope\":\"global\"}}]}]}]",
                        "messages.0.content.0.content.0.cache_control.scope: Extra inputs are not permitted"),
                row(SONNET_45, "\"tools\":[{\"name\":\"Read\",\"input_schema\":{\"type\":\"object\"}},{\"name\":\"X\",\"input_schema\":{\"type\":\"object\"},\"defer_loading\":true}]",
                        "tools.1.defer_loading: Extra inputs are not permitted"),
                row(SONNET_45, "\"tools\":[{\"name\":\"X\",\"input_schema\":{\"type\":\"object\"},\"eager_input_streaming\":true}]",
                        "tools.0.eager_input_streaming: Extra inputs are not permitted"),
                row(SONNET_45, "\"tools\":[{\"name\":\"X\",\"input_schema\":{\"type\":\"object\"},\"custom\":{}}]",
                        "tools.0.custom: Extra inputs are not permitted"),
                row(SONNET_45, "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":8}]",
                        "tools.0.type: Extra inputs are not permitted"),
                row(SONNET_45, "\"tools\":[{\"type\":\"code_execution_20250825\",\"name\":\"code_execution\"}]",
                        "tools.0.type: Extra inputs are not permitted"),
                row(SONNET_45, "\"tools\":[{\"name\":\"X\",\"input_schema\":{\"type\":\"object\"},\"strict\":true,\"cache_control\":{\"type\":\"ephemeral\"}}]", null),
                row(SONNET_45, "\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{\"query\":\"q\"}}]}]",
                        "messages.1.content.0.type: Input tag 'server_tool_use' found using 'type' does not match any of the expected tags"),
                row(SONNET_45, "\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[]}]}]",
                        "messages.1.content.1.type: Input tag 'web_search_tool_result' found using 'type' does not match any of the expected tags"),
                row(SONNET_45, "\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"a\",\"citations\":[{\"type\":\"web_search_result_location\",\"url\":\"https://a.example\",\"title\":\"A\",\"encrypted_index\":\"x\",\"cited_text\":\"c\"}]}]}]",
                        "messages.1.content.0.citations.0.type: Input tag 'web_search_result_location' found using 'type' does not match any of the expected tags"),
                row(SONNET_45, "\"context_management\":{\"edits\":[{\"type\":\"clear_thinking_20251015\",\"keep\":\"all\"}]}",
                        "context_management.edits.0.type: Extra inputs are not permitted"),
                row(SONNET_45, "\"context_management\":{\"edits\":[{\"type\":\"compact_20260112\"}]}", null),
                row(SONNET_45, "\"anthropic_version\":\"2023-06-01\"", "anthropic_version: Input should be 'bedrock-2023-05-31'"),
                row(SONNET_45, "\"max_tokens\":\"many\"", "max_tokens: Input should be a valid integer greater than or equal to 1"),
                row(SONNET_45, "\"messages\":[]", "messages: Input should be a non-empty list"));
    }

    static Arguments row(String model, String fields, String message) {
        return Arguments.of(model, fields, message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rows")
    void validates(String modelId, String fields, String expected) {
        JsonNode body = body(fields);
        ModelSpec model = MODELS.resolve(modelId);
        if (expected == null) {
            assertThatCode(() -> VALIDATOR.validate(body, model, Set.of())).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> VALIDATOR.validate(body, model, Set.of()))
                    .isInstanceOfSatisfying(BedrockException.class, e -> {
                        org.assertj.core.api.Assertions.assertThat(e.error).isEqualTo(BedrockError.VALIDATION);
                        org.assertj.core.api.Assertions.assertThat(e.getMessage()).isEqualTo(expected);
                    });
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"anthropic_version", "max_tokens", "messages"})
    void requiredKeys(String key) {
        JsonNode body = body("");
        ((tools.jackson.databind.node.ObjectNode) body).remove(key);
        assertThatThrownBy(() -> VALIDATOR.validate(body, MODELS.resolve(SONNET_45), Set.of()))
                .hasMessage("Malformed input request: #: required key [" + key + "] not found, please reformat your input and try again.");
    }

    @Test
    void betasRejectedAtRunTimeAreInvalidFlags() {
        JsonNode body = body("\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\"]");
        assertThatThrownBy(() -> VALIDATOR.validate(body, MODELS.resolve(SONNET_45), Set.of("interleaved-thinking-2025-05-14")))
                .hasMessage("invalid beta flag");
    }

    @Test
    void thinkingBlocksMustCarryTheSignatureTheEmulatorGaveThem() {
        String signature = SIGNER.sign("I thought about it.");
        String history = "\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"%s\",\"signature\":\"%s\"},{\"type\":\"text\",\"text\":\"a\"}]},"
                + "{\"role\":\"user\",\"content\":\"next\"}]";
        ModelSpec model = MODELS.resolve(SONNET_45);
        assertThatCode(() -> VALIDATOR.validate(body(history.formatted("I thought about it.", signature)), model, Set.of()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> VALIDATOR.validate(body(history.formatted("I thought about something else.", signature)), model, Set.of()))
                .hasMessage("messages.1.content.0: Invalid `signature` in `thinking` block");
        assertThatThrownBy(() -> VALIDATOR.validate(body(history.formatted("I thought about it.", "forged")), model, Set.of()))
                .hasMessage("messages.1.content.0: Invalid `signature` in `thinking` block");
    }

    @Test
    void bodiesThatAreNotJsonObjectsAreMalformed() {
        for (String raw : new String[] {"not json", "[1,2]", ""}) {
            assertThatThrownBy(() -> RequestValidator.parse(raw.getBytes(StandardCharsets.UTF_8)))
                    .hasMessage(RequestValidator.MALFORMED);
        }
    }

    /** A minimal valid body with {@code fields} put over it. */
    static JsonNode body(String fields) {
        var base = (tools.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":4096,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        if (!fields.isEmpty()) base.setAll((tools.jackson.databind.node.ObjectNode) Json.MAPPER.readTree("{" + fields + "}"));
        return base;
    }
}
