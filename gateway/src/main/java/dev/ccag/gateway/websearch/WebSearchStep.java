package dev.ccag.gateway.websearch;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.BedrockErrorMapper;
import dev.ccag.gateway.proxy.ApiException;
import dev.ccag.gateway.proxy.ProxyExchange;
import dev.ccag.gateway.proxy.ProxyRoute;
import dev.ccag.gateway.proxy.ProxyStep;
import dev.ccag.gateway.proxy.ToolLoopSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web search step, just before translation. Every model call has Anthropic's search blocks in
 * its history turned into text (Bedrock refuses them). A Messages call whose tools include a
 * {@code web_search_*} server tool is answered here, by a {@link SearchTurn}; other calls go on
 * down the pipeline unchanged. A token count sees the ordinary tool the model would see.
 */
public final class WebSearchStep implements ProxyStep {
    private final ToolLoopSupport support;
    private final ObjectMapper mapper;
    private final WebSearcher searcher;
    private final BedrockErrorMapper errorMapper;
    private final int maxIterations;
    private final SearchHistory history;
    private final SearchToolDeclaration declaration;

    public WebSearchStep(ToolLoopSupport support, ObjectMapper mapper, WebSearcher searcher, BedrockErrorMapper errorMapper,
            int maxIterations) {
        this.support = support;
        this.mapper = mapper;
        this.searcher = searcher;
        this.errorMapper = errorMapper;
        this.maxIterations = maxIterations;
        this.history = new SearchHistory(mapper);
        this.declaration = new SearchToolDeclaration(mapper);
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        ObjectNode json = support.json(exchange);
        if (json == null || (exchange.route() != ProxyRoute.MESSAGES && exchange.route() != ProxyRoute.COUNT_TOKENS)) {
            next.proceed(exchange);
            return;
        }
        boolean changed = history.translate(json.get("messages"));
        int index = searchToolIndex(json.get("tools"));
        if (index < 0) {
            if (changed) support.rewrite(exchange, json);
            next.proceed(exchange);
            return;
        }
        ArrayNode tools = (ArrayNode) json.get("tools");
        WebSearchTool tool;
        try {
            tool = WebSearchTool.parse(tools.get(index), index);
            declaration.declare(tools, index, tool);
        } catch (WebSearchTool.InvalidToolException e) {
            throw new ApiException(ApiError.invalidRequest(e.getMessage()));
        }
        if (exchange.route() == ProxyRoute.COUNT_TOKENS) {
            support.rewrite(exchange, json);
            next.proceed(exchange);
            return;
        }
        new SearchTurn(support, mapper, searcher, errorMapper, maxIterations, exchange, tool, json).run();
    }

    /** Where the one web search tool is; -1 for none. Two of them are refused: which would the model mean? */
    private static int searchToolIndex(JsonNode tools) {
        if (!(tools instanceof ArrayNode list)) return -1;
        int found = -1;
        for (int i = 0; i < list.size(); i++) {
            if (WebSearchTool.isWebSearch(list.get(i))) {
                if (found >= 0) {
                    throw new ApiException(ApiError.invalidRequest("tools." + i + ": only one web_search tool may be given"));
                }
                found = i;
            }
        }
        return found;
    }
}
