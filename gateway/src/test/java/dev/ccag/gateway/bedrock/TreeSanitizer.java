package dev.ccag.gateway.bedrock;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference model of {@link BodyRewriter}, for its differential test: the tree-based sanitiser
 * the gateway used before it edited bytes, kept as it was apart from sharing the rewriter's lists of
 * keys (what each rule removes is pinned by {@code RequestTranslatorTest}; this checks the editing).
 *
 * <p>Reduces an Anthropic Messages body to what Bedrock accepts for a model (PROTOCOL §9): a top-level
 * allowlist (Bedrock answers "Extra inputs are not permitted" to anything else), {@code cache_control}
 * keys, tool keys, {@code context_management} edits, and whatever Bedrock refused lately. Only the
 * objects that can hold such keys are visited; text, thinking blocks and signatures are never touched.
 */
final class TreeSanitizer {
    // The rules themselves are the rewriter's (one list of them); this model differs in the mechanism only.
    private static final String ANTHROPIC_VERSION = BodyRewriter.ANTHROPIC_VERSION;
    private static final String COMPACT_EDIT = BodyRewriter.COMPACT_EDIT;
    private static final Set<String> CONSUMED = BodyRewriter.CONSUMED;
    private static final Set<String> PASS_THROUGH = BodyRewriter.PASS_THROUGH;
    private static final Set<String> TOOL_KEYS_REFUSED = BodyRewriter.TOOL_KEYS_REFUSED;
    private static final String SYSTEM_CC = BodyRewriter.SYSTEM_CC;
    private static final String MESSAGE_CC = BodyRewriter.MESSAGE_CC;
    private static final String TOOL_RESULT_CC = BodyRewriter.TOOL_RESULT_CC;
    private static final String TOOL_CC = BodyRewriter.TOOL_CC;

    private TreeSanitizer() {}

    /**
     * Returns a new top-level object (starting with {@code anthropic_version}) that shares the
     * client's nested nodes, sanitised in place.
     */
    static ObjectNode sanitize(ObjectNode body, ModelFeatures features, Set<String> learnedFieldPaths, RemovedFields removed)
            throws InvalidRequestException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("anthropic_version", ANTHROPIC_VERSION);
        boolean bothSamplers = body.has("temperature") && body.has("top_p");
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            if (CONSUMED.contains(name)) continue;
            if (!PASS_THROUGH.contains(name) || !allowedForModel(name, features, bothSamplers)) {
                removed.add(name);
                continue;
            }
            out.set(name, field.getValue());
        }
        sanitizeSystem(out.get("system"), features, removed);
        sanitizeMessages(out.get("messages"), features, removed);
        sanitizeTools(out, features, removed);
        sanitizeContextManagement(out, removed);
        for (String path : learnedFieldPaths) {
            if (FieldPaths.remove(out, path)) removed.add(path);
        }
        return out;
    }

    private static boolean allowedForModel(String name, ModelFeatures features, boolean bothSamplers) {
        return switch (name) {
            case "output_config" -> features.outputConfig();
            case "temperature", "top_k" -> !features.noSamplingParams();
            // Where only one sampler is accepted, Claude Code's temperature wins.
            case "top_p" -> !features.noSamplingParams() && !(features.temperatureXorTopP() && bothSamplers);
            default -> true;
        };
    }

    private static void sanitizeSystem(JsonNode system, ModelFeatures features, RemovedFields removed) {
        if (system instanceof ArrayNode blocks) {
            for (JsonNode block : blocks) cacheControl(block, features, SYSTEM_CC, removed);
        }
    }

    private static void sanitizeMessages(JsonNode messages, ModelFeatures features, RemovedFields removed) {
        if (!(messages instanceof ArrayNode list)) return;
        for (JsonNode message : list) {
            if (!(message.get("content") instanceof ArrayNode content)) continue;
            for (JsonNode block : content) {
                cacheControl(block, features, MESSAGE_CC, removed);
                if (block.get("content") instanceof ArrayNode nested) { // tool_result content
                    for (JsonNode inner : nested) cacheControl(inner, features, TOOL_RESULT_CC, removed);
                }
            }
        }
    }

    private static void cacheControl(JsonNode block, ModelFeatures features, String path, RemovedFields removed) {
        if (!(block.get("cache_control") instanceof ObjectNode cc)) return;
        if (cc.remove("scope") != null) removed.add(path + "scope");
        if (!features.cacheTtl() && cc.remove("ttl") != null) removed.add(path + "ttl");
    }

    private static void sanitizeTools(ObjectNode out, ModelFeatures features, RemovedFields removed)
            throws InvalidRequestException {
        JsonNode node = out.get("tools");
        if (node == null) return;
        if (!(node instanceof ArrayNode tools)) throw new InvalidRequestException("tools: Input should be a valid list");
        for (int i = tools.size() - 1; i >= 0; i--) {
            if (!(tools.get(i) instanceof ObjectNode tool)) {
                throw new InvalidRequestException("tools." + i + ": Input should be a valid dictionary");
            }
            String type = tool.path("type").asString("");
            // Server tools run in the gateway (web search step); any left here cannot reach Bedrock.
            if (type.startsWith("web_search_")) {
                tools.remove(i);
                removed.add("tools.*(" + type + ")");
                continue;
            }
            JsonNode name = tool.get("name");
            if (name == null || !name.isString() || name.stringValue().isBlank()) {
                throw new InvalidRequestException("tools." + i + ".name: Field required");
            }
            for (String key : TOOL_KEYS_REFUSED) {
                if (tool.remove(key) != null) removed.add("tools.*." + key);
            }
            if (tool.get("input_schema") instanceof ObjectNode schema && "custom".equals(schema.path("type").asString(null))) {
                schema.put("type", "object");
            }
            cacheControl(tool, features, TOOL_CC, removed);
        }
        if (tools.isEmpty()) {
            // Only server tools were sent; Anthropic's API refuses tool_choice without tools, and so does Bedrock.
            out.remove("tools");
            if (out.remove("tool_choice") != null) removed.add("tool_choice");
        }
    }

    private static void sanitizeContextManagement(ObjectNode out, RemovedFields removed) {
        JsonNode node = out.get("context_management");
        if (node == null) return;
        if (node instanceof ObjectNode cm && cm.get("edits") instanceof ArrayNode edits) {
            for (int i = edits.size() - 1; i >= 0; i--) {
                String type = edits.get(i).path("type").asString("");
                if (!COMPACT_EDIT.equals(type)) {
                    edits.remove(i);
                    removed.add("context_management.edits.*(" + type + ")");
                }
            }
            if (!edits.isEmpty()) return;
        }
        out.remove("context_management");
        removed.add("context_management");
    }
}
