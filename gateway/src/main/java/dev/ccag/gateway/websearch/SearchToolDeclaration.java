package dev.ccag.gateway.websearch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces the client's {@code web_search_*} server tool with an ordinary tool of the same name that
 * Bedrock accepts, so the model calls it as it would call any tool and the gateway runs the search.
 */
final class SearchToolDeclaration {
    static final String DESCRIPTION = "Search the web for current information. Returns the top results (title, URL,"
            + " date, an extract) of a search engine. Use it when the answer depends on recent events or on facts you are"
            + " not sure of. Cite the sources you use as the results explain.";

    private final ObjectMapper mapper;

    SearchToolDeclaration(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param index where the server tool is in {@code tools}
     * @throws WebSearchTool.InvalidToolException when another tool already has the name
     */
    void declare(ArrayNode tools, int index, WebSearchTool tool) throws WebSearchTool.InvalidToolException {
        for (int i = 0; i < tools.size(); i++) {
            if (i != index && tool.name().equals(tools.get(i).path("name").asString(null))) {
                throw new WebSearchTool.InvalidToolException("tools." + i + ".name: tool names must be unique ("
                        + tool.name() + " is the web search tool)");
            }
        }
        ObjectNode declared = mapper.createObjectNode();
        declared.put("name", tool.name());
        declared.put("description", DESCRIPTION);
        ObjectNode schema = declared.putObject("input_schema");
        schema.put("type", "object");
        schema.putObject("properties").putObject("query").put("type", "string").put("description", "The search query");
        schema.putArray("required").add("query");
        JsonNode cache = tools.get(index).get("cache_control");
        if (cache != null) declared.set("cache_control", cache);
        tools.set(index, declared);
    }
}
