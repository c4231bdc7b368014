package dev.ccag.gateway.proxy;

/** Told about every finished exchange, success or failure (metrics, access log, later the usage ledger). */
public interface ExchangeListener {
    void completed(ProxyExchange exchange);
}
