package dev.ccag.gateway.websearch;

import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of the search blocks: Anthropic's shapes for the client (PROTOCOL §14.2), and the
 * ordinary {@code tool_result} the model on Bedrock reads. Sources are numbered across the whole
 * turn, so the model's citation marks ({@code 【n】}) are unambiguous over several searches.
 */
final class SearchBlocks {
    static final int CITED_TEXT_CHARS = 150;
    private static final String INSTRUCTION = "Cite a source you rely on by writing its number in lenticular brackets,"
            + " like 【n】 for source n, right after the statement it supports.";

    private final ObjectMapper mapper;

    SearchBlocks(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode serverToolUse(String id, String name) {
        ObjectNode b = mapper.createObjectNode().put("type", "server_tool_use").put("id", id).put("name", name);
        b.putObject("input");
        return b;
    }

    /** The complete {@code web_search_tool_result} block (it has no deltas). */
    ObjectNode result(String toolUseId, SearchOutcome outcome) {
        ObjectNode b = mapper.createObjectNode().put("type", "web_search_tool_result").put("tool_use_id", toolUseId);
        if (!outcome.ok()) {
            b.putObject("content").put("type", "web_search_tool_result_error").put("error_code", outcome.error().wire());
            return b;
        }
        ArrayNode content = b.putArray("content");
        for (SearchResult r : outcome.results()) {
            ObjectNode item = content.addObject().put("type", "web_search_result").put("title", r.title()).put("url", r.url())
                    .put("encrypted_content", OpaqueContent.encode(mapper, r));
            if (r.pageAge() != null) item.put("page_age", r.pageAge());
            else item.putNull("page_age");
        }
        return b;
    }

    /** What the model on Bedrock gets back for its call of the search tool. */
    ObjectNode toolResult(String toolUseId, SearchOutcome outcome, int firstSource) {
        ObjectNode b = mapper.createObjectNode().put("type", "tool_result").put("tool_use_id", toolUseId);
        b.putArray("content").addObject().put("type", "text").put("text", modelText(outcome, firstSource));
        if (!outcome.ok()) b.put("is_error", true);
        return b;
    }

    static String modelText(SearchOutcome outcome, int firstSource) {
        if (!outcome.ok()) {
            return "Web search error: " + outcome.error().wire() + switch (outcome.error()) {
                case MAX_USES_EXCEEDED -> ". No more searches are allowed in this turn; answer with what you have.";
                case QUERY_TOO_LONG -> ". Use a shorter query.";
                case INVALID_TOOL_INPUT -> ". Call the tool with a non-empty \"query\".";
                default -> ". The search failed; answer without it or try again later.";
            };
        }
        if (outcome.results().isEmpty()) return "Web search for \"" + outcome.query() + "\" found no results.";
        StringBuilder sb = new StringBuilder("Web search results for \"").append(outcome.query()).append("\". ")
                .append(INSTRUCTION).append("\n");
        List<SearchResult> results = outcome.results();
        for (int i = 0; i < results.size(); i++) {
            SearchResult r = results.get(i);
            sb.append("\n【").append(firstSource + i).append("】 ").append(r.title()).append('\n')
                    .append("URL: ").append(r.url()).append('\n');
            if (r.pageAge() != null) sb.append("Published: ").append(r.pageAge()).append('\n');
            if (!r.snippet().isBlank()) sb.append(r.snippet()).append('\n');
        }
        return sb.toString();
    }

    /** A {@code web_search_result_location} citation of source number {@code n}. */
    ObjectNode citation(int n, SearchResult r) {
        String cited = r.snippet().isBlank() ? r.title() : r.snippet();
        if (cited.length() > CITED_TEXT_CHARS) cited = cited.substring(0, CITED_TEXT_CHARS);
        return mapper.createObjectNode().put("type", "web_search_result_location").put("url", r.url())
                .put("title", r.title()).put("encrypted_index", OpaqueContent.index(n, r.url())).put("cited_text", cited);
    }
}
