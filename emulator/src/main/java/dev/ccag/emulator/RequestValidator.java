package dev.ccag.emulator;

import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Rejects what Bedrock rejects in an InvokeModel body, with Bedrock's kinds of message: JSON-schema
 * style for top-level keys, pydantic style ({@code path: Extra inputs are not permitted}) for nested
 * ones, "invalid beta flag" for betas. The per-model parts come from {@link ModelSpec}.
 */
final class RequestValidator {
    static final String ANTHROPIC_VERSION = "bedrock-2023-05-31";
    static final String MALFORMED = "Malformed input request, please reformat your input and try again.";
    static final String INVALID_BETA = "invalid beta flag";
    private static final Set<String> TOP_LEVEL = Set.of("anthropic_version", "anthropic_beta", "max_tokens", "messages",
            "system", "tools", "tool_choice", "stop_sequences", "temperature", "top_p", "top_k", "metadata", "thinking",
            "output_config", "context_management");
    private static final Set<String> REJECTED_TOOL_KEYS = Set.of("defer_loading", "eager_input_streaming", "custom");
    private static final String[] SERVER_TOOL_TYPES = {"web_search", "web_fetch", "code_execution"};
    private static final Set<String> CONTEXT_EDITS = Set.of("compact_20260112");
    /** Result blocks of Anthropic's server tools: Bedrock runs no server tools, so it accepts none of their blocks. */
    private static final Set<String> SERVER_TOOL_BLOCKS = Set.of("server_tool_use", "web_search_tool_result",
            "web_fetch_tool_result", "code_execution_tool_result");
    private static final int MIN_THINKING_BUDGET = 1024;

    private final ThinkingSigner signer;

    RequestValidator(ThinkingSigner signer) {
        this.signer = signer;
    }

    static JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw BedrockException.validation(MALFORMED);
        }
        if (node == null || !node.isObject()) throw BedrockException.validation(MALFORMED);
        return node;
    }

    /** @param rejectedBetas betas made invalid at run time (control API), on top of the model's list */
    void validate(JsonNode body, ModelSpec model, Set<String> rejectedBetas) {
        for (String key : new String[] {"anthropic_version", "max_tokens", "messages"}) {
            if (!body.has(key)) throw malformed("#: required key [" + key + "] not found");
        }
        for (String key : body.propertyNames()) {
            if (!TOP_LEVEL.contains(key) || (key.equals("output_config") && !model.outputConfig())) {
                throw malformed("#: extraneous key [" + key + "] is not permitted");
            }
        }
        if (!ANTHROPIC_VERSION.equals(body.get("anthropic_version").asString(""))) {
            throw BedrockException.validation("anthropic_version: Input should be '" + ANTHROPIC_VERSION + "'");
        }
        JsonNode maxTokens = body.get("max_tokens");
        if (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1) {
            throw BedrockException.validation("max_tokens: Input should be a valid integer greater than or equal to 1");
        }
        JsonNode messages = body.get("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw BedrockException.validation("messages: Input should be a non-empty list");
        }
        betas(body.path("anthropic_beta"), model, rejectedBetas);
        sampling(body, model);
        thinking(body.path("thinking"), maxTokens.asLong(), model);
        tools(body.path("tools"), model);
        system(body.path("system"), model);
        messages(messages, model);
        contextManagement(body.path("context_management"));
    }

    private static void betas(JsonNode betas, ModelSpec model, Set<String> rejected) {
        if (betas.isMissingNode()) return;
        if (!betas.isArray()) throw BedrockException.validation("anthropic_beta: Input should be a valid list");
        for (JsonNode beta : betas) {
            String name = beta.asString("");
            if (!model.betas().contains(name) || rejected.contains(name)) throw BedrockException.validation(INVALID_BETA);
        }
    }

    private static void sampling(JsonNode body, ModelSpec model) {
        switch (model.sampling()) {
            case NONE -> {
                for (String key : new String[] {"temperature", "top_p", "top_k"}) {
                    if (body.has(key)) {
                        throw BedrockException.validation("`" + key + "` is not supported on this model;"
                                + " omit temperature, top_p and top_k.");
                    }
                }
            }
            case TEMPERATURE_XOR_TOP_P -> {
                if (body.has("temperature") && body.has("top_p")) {
                    throw BedrockException.validation("`temperature` and `top_p` cannot both be specified for this model."
                            + " Please use only one.");
                }
            }
            case FREE -> { }
        }
    }

    private static void thinking(JsonNode thinking, long maxTokens, ModelSpec model) {
        if (thinking.isMissingNode()) return;
        String type = thinking.path("type").asString("");
        if (type.equals("disabled")) return;
        if (!model.thinkingTypes().contains(type)) {
            throw BedrockException.validation("thinking.type: '" + type + "' is not supported on this model"
                    + (model.thinkingTypes().isEmpty() ? "" : "; use one of " + model.thinkingTypes()) + ".");
        }
        if (type.equals("enabled")) {
            JsonNode budget = thinking.path("budget_tokens");
            if (!budget.isIntegralNumber()) throw BedrockException.validation("thinking.enabled.budget_tokens: Field required");
            if (budget.asLong() < MIN_THINKING_BUDGET) {
                throw BedrockException.validation("thinking.enabled.budget_tokens: Input should be greater than or equal to "
                        + MIN_THINKING_BUDGET);
            }
            if (budget.asLong() >= maxTokens) {
                throw BedrockException.validation("`max_tokens` must be greater than `thinking.budget_tokens`.");
            }
        }
    }

    private static void tools(JsonNode tools, ModelSpec model) {
        if (tools.isMissingNode()) return;
        if (!tools.isArray()) throw BedrockException.validation("tools: Input should be a valid list");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String path = "tools." + i;
            String type = tool.path("type").asString("");
            for (String server : SERVER_TOOL_TYPES) {
                if (type.startsWith(server)) throw BedrockException.extraInput(path + ".type");
            }
            for (String key : tool.propertyNames()) {
                if (REJECTED_TOOL_KEYS.contains(key)) throw BedrockException.extraInput(path + "." + key);
            }
            cacheControl(tool, path, model);
        }
    }

    private static void system(JsonNode system, ModelSpec model) {
        if (!system.isArray()) return;
        for (int i = 0; i < system.size(); i++) cacheControl(system.get(i), "system." + i, model);
    }

    private void messages(JsonNode messages, ModelSpec model) {
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            JsonNode content = message.path("content");
            if (!content.isArray()) continue;
            boolean assistant = "assistant".equals(message.path("role").asString(""));
            for (int j = 0; j < content.size(); j++) {
                JsonNode block = content.get(j);
                String path = "messages." + i + ".content." + j;
                String type = block.path("type").asString("");
                if (SERVER_TOOL_BLOCKS.contains(type)) {
                    throw BedrockException.validation(path + ".type: Input tag '" + type
                            + "' found using 'type' does not match any of the expected tags");
                }
                JsonNode citations = block.path("citations");
                for (int k = 0; k < citations.size(); k++) {
                    if ("web_search_result_location".equals(citations.get(k).path("type").asString(""))) {
                        throw BedrockException.validation(path + ".citations." + k
                                + ".type: Input tag 'web_search_result_location' found using 'type' does not match any of the expected tags");
                    }
                }
                cacheControl(block, path, model);
                JsonNode nested = block.path("content");
                if (nested.isArray()) {
                    for (int k = 0; k < nested.size(); k++) cacheControl(nested.get(k), path + ".content." + k, model);
                }
                if (assistant && "thinking".equals(block.path("type").asString(""))
                        && !signer.verify(block.path("thinking").asString(null), block.path("signature").asString(null))) {
                    throw BedrockException.validation(path + ": Invalid `signature` in `thinking` block");
                }
            }
        }
    }

    private static void cacheControl(JsonNode block, String path, ModelSpec model) {
        JsonNode cc = block.path("cache_control");
        if (!cc.isObject()) return;
        if (cc.has("scope")) throw BedrockException.extraInput(path + ".cache_control.scope");
        if (cc.has("ttl") && !model.cacheTtl()) throw BedrockException.extraInput(path + ".cache_control.ttl");
    }

    private static void contextManagement(JsonNode cm) {
        if (cm.isMissingNode()) return;
        JsonNode edits = cm.path("edits");
        for (int i = 0; i < edits.size(); i++) {
            if (!CONTEXT_EDITS.contains(edits.get(i).path("type").asString(""))) {
                throw BedrockException.extraInput("context_management.edits." + i + ".type");
            }
        }
    }

    private static BedrockException malformed(String detail) {
        return BedrockException.validation("Malformed input request: " + detail + ", please reformat your input and try again.");
    }
}
