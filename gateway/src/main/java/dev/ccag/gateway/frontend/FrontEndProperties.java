package dev.ccag.gateway.frontend;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code ccag.front-end.*}: the gateway's own HTTP/1.1 listener on {@code server.port}, which serves
 * the Anthropic API itself and hands every other connection to Tomcat (decision 0014).
 */
@ConfigurationProperties(prefix = "ccag.front-end")
public record FrontEndProperties(
        /** Off: Tomcat listens on {@code server.port} and serves everything, as before decision 0014. */
        @DefaultValue("true") boolean enabled,
        /** How long a keep-alive connection may wait for its next request. */
        @DefaultValue("75s") Duration idleTimeout,
        /** A request head or body that stalls this long, or a write the client does not take, ends the connection. */
        @DefaultValue("20s") Duration readTimeout,
        /** Connections open at once; the next waits in the listen backlog. */
        @DefaultValue("10000") int maxConnections,
        /** Largest request head (request line and headers); a larger one gets 431. */
        @DefaultValue("64KB") DataSize maxHeadSize,
        /** On shutdown, how long requests in flight may take to finish before their connections are closed. */
        @DefaultValue("30s") Duration shutdownTimeout) {

    public FrontEndProperties {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("ccag.front-end.idle-timeout: must be positive");
        if (readTimeout.isNegative() || readTimeout.isZero()) throw new IllegalArgumentException("ccag.front-end.read-timeout: must be positive");
        if (maxConnections < 1) throw new IllegalArgumentException("ccag.front-end.max-connections: must be at least 1");
        if (maxHeadSize.toBytes() < 1024 || maxHeadSize.toBytes() > 1024 * 1024) {
            throw new IllegalArgumentException("ccag.front-end.max-head-size: must be 1KB..1MB");
        }
        if (shutdownTimeout.isNegative()) throw new IllegalArgumentException("ccag.front-end.shutdown-timeout: must not be negative");
    }
}
