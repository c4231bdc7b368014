package dev.ccag.gateway.websearch;

/** The {@code error_code} values of Anthropic's {@code web_search_tool_result_error}. */
public enum SearchErrorCode {
    INVALID_TOOL_INPUT("invalid_tool_input"),
    UNAVAILABLE("unavailable"),
    MAX_USES_EXCEEDED("max_uses_exceeded"),
    TOO_MANY_REQUESTS("too_many_requests"),
    QUERY_TOO_LONG("query_too_long");

    private final String wire;

    SearchErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The code a provider named, or null when it is not one of ours. */
    static SearchErrorCode fromWire(String value) {
        for (SearchErrorCode c : values()) {
            if (c.wire.equals(value)) return c;
        }
        return null;
    }
}
