package dev.ccag.gateway.websearch;

import java.util.List;

/**
 * What one search produced.
 *
 * @param results        the kept results (empty on error)
 * @param error          null on success
 * @param providerCalled whether the provider was asked (counts against max_uses)
 */
record SearchOutcome(String query, List<SearchResult> results, SearchErrorCode error, boolean providerCalled) {

    static SearchOutcome found(String query, List<SearchResult> results) {
        return new SearchOutcome(query, List.copyOf(results), null, true);
    }

    static SearchOutcome failed(String query, SearchErrorCode error, boolean providerCalled) {
        return new SearchOutcome(query, List.of(), error, providerCalled);
    }

    boolean ok() {
        return error == null;
    }
}
