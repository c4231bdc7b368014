package dev.ccag.gateway.frontend;

import dev.ccag.gateway.proxy.ClientRequest;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A request the front end read, as the pipeline sees it. */
final class FrontRequest implements ClientRequest {
    private final RequestHead head;
    private final RequestBody body;
    private final long contentLength;

    FrontRequest(RequestHead head, RequestBody body, long contentLength) {
        this.head = head;
        this.body = body;
        this.contentLength = contentLength;
    }

    @Override
    public String method() {
        return head.method;
    }

    @Override
    public String path() {
        return head.path;
    }

    @Override
    public String header(String name) {
        return head.header(name);
    }

    @Override
    public List<String> headers(String name) {
        return head.headers(name);
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public String queryParameter(String name) {
        String query = head.query;
        if (query == null || query.isEmpty()) return null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                // a malformed escape: the parameter is skipped, as Tomcat does
            }
        }
        return null;
    }
}
