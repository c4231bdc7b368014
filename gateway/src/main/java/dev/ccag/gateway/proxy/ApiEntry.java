package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import java.io.IOException;

/**
 * Where a request to the Anthropic API enters the pipeline, whichever server read it: the gateway's
 * own front end ({@code frontend} package) for connections it serves, Tomcat through
 * {@link ProxyFilter} for a connection the front end handed over (or when the front end is off).
 */
public final class ApiEntry {
    private final ProxyPipeline modelCalls;
    private final ProxyPipeline modelListing;
    private final ErrorResponses errors;

    ApiEntry(ProxyPipeline modelCalls, ProxyPipeline modelListing, ErrorResponses errors) {
        this.modelCalls = modelCalls;
        this.modelListing = modelListing;
        this.errors = errors;
    }

    /** True when the path (query string excluded) is one of the API's routes. */
    public static boolean serves(String path) {
        return ProxyRoute.match(path) != null;
    }

    /** Answers a request refused before the pipeline (a malformed head, say) in Anthropic's error shape. */
    public void refuse(ClientResponse response, ApiError error) throws IOException {
        String requestId = RequestIds.next();
        errors.write(response, error, requestId);
    }

    /** Runs the request through the pipeline; the response is complete when this returns. */
    public void serve(ClientRequest request, ClientResponse response) throws IOException {
        ProxyRoute route = ProxyRoute.match(request.path());
        if (route == null) {
            throw new IllegalArgumentException("not an API path: " + request.path());
        }
        long start = System.nanoTime();
        String requestId = RequestIds.next();
        response.setHeader("request-id", requestId);
        if (!route.method.equals(request.method())) {
            response.setHeader("Allow", route.method);
            errors.write(response, new ApiError(405, "invalid_request_error",
                    "Method " + request.method() + " is not allowed on this path", null), requestId);
            return;
        }
        ProxyExchange exchange = new ProxyExchange(requestId, start, route, request, response);
        try {
            (route.isModelCall() ? modelCalls : modelListing).run(exchange);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
