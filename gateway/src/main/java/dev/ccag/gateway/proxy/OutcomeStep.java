package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outermost step: turns any failure into the client's error response (or a final SSE error event
 * once streaming has begun) and tells the listeners how the exchange ended.
 */
final class OutcomeStep implements ProxyStep {
    private static final Logger log = LoggerFactory.getLogger(OutcomeStep.class);
    private final ErrorResponses errors;
    private final List<ExchangeListener> settlers;
    private final List<ExchangeListener> listeners;

    /**
     * @param settlers  told before the client sees the answer (the usage ledger)
     * @param listeners told after the exchange ended (metrics, access log)
     */
    OutcomeStep(ErrorResponses errors, List<ExchangeListener> settlers, List<ExchangeListener> listeners) {
        this.errors = errors;
        this.settlers = List.copyOf(settlers);
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) {
        exchange.settlers = settlers;
        try {
            next.proceed(exchange);
        } catch (ApiException e) {
            fail(exchange, e.error());
        } catch (Exception e) {
            log.error("request {} failed inside the gateway", exchange.requestId, e);
            fail(exchange, ApiError.api("Internal gateway error"));
        } finally {
            exchange.settle();
            for (ExchangeListener listener : listeners) {
                try {
                    listener.completed(exchange);
                } catch (RuntimeException e) {
                    log.error("listener {} failed for request {}", listener.getClass().getSimpleName(), exchange.requestId, e);
                }
            }
        }
    }

    private void fail(ProxyExchange exchange, ApiError error) {
        exchange.errorType = error.type();
        try {
            if (!exchange.response.isCommitted()) {
                exchange.status = error.status();
                exchange.settle();
                errors.write(exchange.response, error, exchange.requestId);
            } else if (exchange.sse != null && !exchange.sse.broken()) {
                exchange.settle();
                errors.writeEvent(exchange.sse, error, exchange.requestId);
            }
        } catch (IOException e) {
            exchange.clientAborted = true;
        }
    }
}
