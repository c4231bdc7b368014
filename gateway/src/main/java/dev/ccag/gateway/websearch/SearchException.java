package dev.ccag.gateway.websearch;

/** A search that produced no results block: it becomes a {@code web_search_tool_result_error}, never a failed turn. */
public final class SearchException extends Exception {
    private final SearchErrorCode code;

    public SearchException(SearchErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public SearchErrorCode code() {
        return code;
    }
}
