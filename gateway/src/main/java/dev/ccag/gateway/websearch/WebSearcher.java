package dev.ccag.gateway.websearch;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one search the model asked for: checks the query, asks the team's provider, keeps the
 * results the domain lists admit, and counts it. Never throws: a failure is an outcome with an
 * error code, which the client sees as a {@code web_search_tool_result_error}.
 */
public final class WebSearcher {
    private static final Logger log = LoggerFactory.getLogger(WebSearcher.class);

    private final SearchProviders providers;
    private final WebSearchMetrics metrics;
    private final int maxQueryLength;

    public WebSearcher(SearchProviders providers, WebSearchMetrics metrics, int maxQueryLength) {
        this.providers = providers;
        this.metrics = metrics;
        this.maxQueryLength = maxQueryLength;
    }

    /** The model asked for a search beyond the tool's {@code max_uses}: nothing is run. */
    SearchOutcome refuseMaxUses(String query, String teamId) {
        metrics.search(providers.forTeam(teamId).provider().name(), SearchErrorCode.MAX_USES_EXCEEDED.wire());
        return SearchOutcome.failed(query == null ? "" : query, SearchErrorCode.MAX_USES_EXCEEDED, false);
    }

    /**
     * @param query the model's {@code query}, or null when its input had none
     * @return results, or the error code; {@code providerCalled} tells whether it counts as a search request
     */
    SearchOutcome search(String query, WebSearchTool tool, String teamId, String requestId) {
        SearchProviders.Choice choice = providers.forTeam(teamId);
        String provider = choice.provider().name();
        if (query == null || query.isBlank()) {
            metrics.search(provider, SearchErrorCode.INVALID_TOOL_INPUT.wire());
            return SearchOutcome.failed(query == null ? "" : query, SearchErrorCode.INVALID_TOOL_INPUT, false);
        }
        if (query.length() > maxQueryLength) {
            metrics.search(provider, SearchErrorCode.QUERY_TOO_LONG.wire());
            return SearchOutcome.failed(query, SearchErrorCode.QUERY_TOO_LONG, false);
        }
        SearchRequest request = new SearchRequest(query.strip(), choice.maxResults(), tool.allowedDomains(),
                tool.blockedDomains(), tool.location());
        long start = System.nanoTime();
        try {
            List<SearchResult> found = choice.provider().search(request);
            metrics.latency(provider, System.nanoTime() - start);
            List<SearchResult> kept = new ArrayList<>();
            for (SearchResult r : found) {
                if (kept.size() >= choice.maxResults()) break;
                if (DomainFilter.admits(r.url(), tool.allowedDomains(), tool.blockedDomains())) kept.add(r);
            }
            metrics.search(provider, "ok");
            return SearchOutcome.found(query, kept);
        } catch (SearchException e) {
            metrics.latency(provider, System.nanoTime() - start);
            metrics.search(provider, e.code().wire());
            // the message names the provider and status, never the key or the query
            log.warn("request {}: web search with {} failed ({}): {}", requestId, provider, e.code().wire(), e.getMessage());
            return SearchOutcome.failed(query, e.code(), true);
        } catch (RuntimeException e) {
            metrics.latency(provider, System.nanoTime() - start);
            metrics.search(provider, SearchErrorCode.UNAVAILABLE.wire());
            log.warn("request {}: web search with {} failed unexpectedly", requestId, provider, e);
            return SearchOutcome.failed(query, SearchErrorCode.UNAVAILABLE, true);
        }
    }
}
