package dev.ccag.gateway.proxy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The Anthropic API inside Tomcat. It sits first in the servlet filter chain and answers the API
 * paths itself, so they run no framework dispatch, no security filter chain and no message
 * converters; every other path (admin, actuator, portal) continues to Spring. Tomcat serves the API
 * only on connections the gateway's own front end handed over (or when it is off): see
 * {@link ApiEntry}.
 */
public final class ProxyFilter extends HttpFilter {
    private final ApiEntry entry;

    ProxyFilter(ApiEntry entry) {
        this.entry = entry;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!ApiEntry.serves(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        entry.serve(ServletClient.request(request), ServletClient.response(response));
    }
}
