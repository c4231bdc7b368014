package dev.ccag.gateway.websearch;

import java.util.List;

/** {@code ccag.websearch.provider: none}: web search is off, every search is an {@code unavailable} block. */
final class NoProvider implements SearchProvider {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public List<SearchResult> search(SearchRequest request) throws SearchException {
        throw new SearchException(SearchErrorCode.UNAVAILABLE, "web search is turned off on this gateway");
    }
}
