package dev.ccag.gateway.server;

import org.apache.coyote.ProtocolHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Gives Tomcat's connector the {@link PlatformFirstExecutor}. Ordered last, so it replaces the
 * all-virtual executor that {@code spring.threads.virtual.enabled} installs (order 1): whatever else
 * runs on virtual threads (scheduled work, async tasks) keeps doing so.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServerThreadsProperties.class)
public class ServerThreadsConfiguration {

    @Bean(destroyMethod = "close")
    PlatformFirstExecutor requestExecutor(ServerThreadsProperties props) {
        return new PlatformFirstExecutor(props.platformThreads(), "ccag-request");
    }

    @Bean
    PlatformFirstCustomizer platformFirstRequestThreads(PlatformFirstExecutor executor) {
        return new PlatformFirstCustomizer(executor);
    }

    static final class PlatformFirstCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {
        private final PlatformFirstExecutor executor;

        PlatformFirstCustomizer(PlatformFirstExecutor executor) {
            this.executor = executor;
        }

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addProtocolHandlerCustomizers((TomcatProtocolHandlerCustomizer<ProtocolHandler>) handler -> handler.setExecutor(executor));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
