package dev.ccag.gateway.proxy;

/**
 * One stage of the proxy pipeline, in the manner of an OkHttp interceptor: do your part, then
 * hand over to the rest of the chain (or end the request by throwing {@link ApiException}).
 */
public interface ProxyStep {
    void handle(ProxyExchange exchange, Chain next) throws Exception;

    interface Chain {
        void proceed(ProxyExchange exchange) throws Exception;
    }
}
