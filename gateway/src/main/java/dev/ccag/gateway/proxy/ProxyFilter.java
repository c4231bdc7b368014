package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The entry of the Anthropic API. It sits first in the servlet filter chain and answers the API
 * paths itself, so the hot path runs no framework dispatch, no security filter chain and no
 * message converters; every other path (admin, actuator, portal) continues to Spring.
 */
public final class ProxyFilter extends HttpFilter {
    private final ProxyPipeline modelCalls;
    private final ProxyPipeline modelListing;
    private final ErrorResponses errors;

    ProxyFilter(ProxyPipeline modelCalls, ProxyPipeline modelListing, ErrorResponses errors) {
        this.modelCalls = modelCalls;
        this.modelListing = modelListing;
        this.errors = errors;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ProxyRoute route = ProxyRoute.match(request.getRequestURI());
        if (route == null) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        String requestId = RequestIds.next();
        response.setHeader("request-id", requestId);
        if (!route.method.equals(request.getMethod())) {
            response.setHeader("Allow", route.method);
            errors.write(response, new ApiError(405, "invalid_request_error",
                    "Method " + request.getMethod() + " is not allowed on this path", null), requestId);
            return;
        }
        ProxyExchange exchange = new ProxyExchange(requestId, start, route, request, response);
        try {
            (route.isModelCall() ? modelCalls : modelListing).run(exchange);
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }
}
