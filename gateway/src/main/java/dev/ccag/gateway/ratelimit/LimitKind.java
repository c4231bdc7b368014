package dev.ccag.gateway.ratelimit;

/** What a bucket counts. Window kinds count per calendar minute; {@link #CONCURRENT} counts requests in flight. */
public enum LimitKind {
    REQUESTS("requests"),
    TOKENS("tokens"),
    INPUT_TOKENS("input-tokens"),
    OUTPUT_TOKENS("output-tokens"),
    CONCURRENT("concurrent");

    /** The middle part of the {@code anthropic-ratelimit-<header>-*} response headers. */
    public final String header;

    LimitKind(String header) {
        this.header = header;
    }
}
