package dev.ccag.gateway.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code ccag.server.*}: the threads HTTP requests run on. */
@ConfigurationProperties(prefix = "ccag.server")
public record ServerThreadsProperties(
        /**
         * While at most this many requests are in flight, each runs on one of this many platform
         * threads; beyond that on virtual threads (0: always virtual). See {@link PlatformFirstExecutor}.
         */
        @DefaultValue("4") int platformThreads) {

    public ServerThreadsProperties {
        if (platformThreads < 0 || platformThreads > 1024) {
            throw new IllegalArgumentException("ccag.server.platform-threads: must be 0..1024");
        }
    }
}
