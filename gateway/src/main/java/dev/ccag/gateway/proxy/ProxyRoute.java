package dev.ccag.gateway.proxy;

/** The Anthropic API routes CCAG serves, recognised by path suffix so a base-URL prefix works. */
public enum ProxyRoute {
    MESSAGES("POST", "/v1/messages"),
    COUNT_TOKENS("POST", "/v1/messages/count_tokens"),
    MODELS("GET", "/v1/models"),
    MODEL("GET", "/v1/models/");

    final String method;
    final String suffix;

    ProxyRoute(String method, String suffix) {
        this.method = method;
        this.suffix = suffix;
    }

    /** Matches the request path (query string already excluded by the servlet API). */
    static ProxyRoute match(String path) {
        if (path.endsWith("/v1/messages")) return MESSAGES;
        if (path.endsWith("/v1/messages/count_tokens")) return COUNT_TOKENS;
        if (path.endsWith("/v1/models")) return MODELS;
        int i = path.lastIndexOf("/v1/models/");
        if (i >= 0 && path.indexOf('/', i + MODEL.suffix.length()) < 0 && path.length() > i + MODEL.suffix.length()) return MODEL;
        return null;
    }

    boolean isModelCall() {
        return this == MESSAGES || this == COUNT_TOKENS;
    }
}
