package dev.ccag.gateway.websearch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Earlier turns sent back by the client hold Anthropic's search blocks, which Bedrock refuses.
 * They become text in the same assistant message (a query line, then the results with their
 * text, recovered from our {@code encrypted_content}), and {@code web_search_result_location}
 * citations, whose indexes only Anthropic could verify, are dropped from text blocks. Text keeps
 * the message's shape: a tool_use/tool_result pair would have to split the assistant message in two.
 */
final class SearchHistory {
    private final ObjectMapper mapper;

    SearchHistory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Rewrites the messages in place; true when anything changed. Only assistant messages are visited. */
    boolean translate(JsonNode messages) {
        if (!(messages instanceof ArrayNode list)) return false;
        boolean changed = false;
        for (JsonNode message : list) {
            if (!"assistant".equals(message.path("role").asString("")) || !(message.get("content") instanceof ArrayNode content)) {
                continue;
            }
            for (int i = 0; i < content.size(); i++) {
                if (!(content.get(i) instanceof ObjectNode block)) continue;
                switch (block.path("type").asString("")) {
                    case "server_tool_use" -> {
                        content.set(i, text(queryText(block)));
                        changed = true;
                    }
                    case "web_search_tool_result" -> {
                        content.set(i, text(resultText(block.path("content"))));
                        changed = true;
                    }
                    case "text" -> changed |= dropSearchCitations(block);
                    default -> { }
                }
            }
        }
        return changed;
    }

    private static String queryText(JsonNode block) {
        JsonNode query = block.path("input").path("query");
        return "[" + block.path("name").asString("web_search") + ": searched the web for \""
                + (query.isString() ? query.asString() : "") + "\"]";
    }

    private String resultText(JsonNode content) {
        if (content.isObject()) {
            return "[Web search error: " + content.path("error_code").asString("unavailable") + "]";
        }
        if (content.isEmpty()) return "[Web search results: none]";
        StringBuilder sb = new StringBuilder("[Web search results]");
        for (JsonNode r : content) {
            sb.append("\n- ").append(r.path("title").asString("")).append(" (").append(r.path("url").asString("")).append(')');
            if (r.hasNonNull("page_age")) sb.append(", ").append(r.get("page_age").asString(""));
            String snippet = OpaqueContent.snippet(mapper, r.path("encrypted_content").asString(null));
            if (snippet != null && !snippet.isBlank()) sb.append(": ").append(snippet);
        }
        return sb.toString();
    }

    private static boolean dropSearchCitations(ObjectNode block) {
        if (!(block.get("citations") instanceof ArrayNode citations)) return false;
        boolean changed = false;
        for (int i = citations.size() - 1; i >= 0; i--) {
            if ("web_search_result_location".equals(citations.get(i).path("type").asString(""))) {
                citations.remove(i);
                changed = true;
            }
        }
        if (citations.isEmpty()) {
            block.remove("citations");
            changed = true;
        }
        return changed;
    }

    private ObjectNode text(String text) {
        return mapper.createObjectNode().put("type", "text").put("text", text);
    }
}
