package dev.ccag.gateway.websearch;

import java.util.List;

/** A web search backend. Implementations must not log their API key. */
public interface SearchProvider {
    /** Short name for metrics and logs: duckduckgo, tavily, serper, custom, none. */
    String name();

    /** @throws SearchException with the error code the client should see */
    List<SearchResult> search(SearchRequest request) throws SearchException;
}
