package dev.ccag.gateway.frontend;

import dev.ccag.gateway.proxy.ApiEntry;
import dev.ccag.gateway.server.ServerThreadsProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The front end on {@code server.port}, with Tomcat moved to a loopback port behind it (decision 0014).
 * Off when {@code ccag.front-end.enabled=false}, or when Tomcat must face clients itself: TLS
 * terminated by the gateway ({@code server.ssl.*}) or HTTP/2 ({@code server.http2.enabled}), which the
 * front end does not speak.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FrontEndProperties.class)
public class FrontEndConfiguration {
    private static final Logger log = LoggerFactory.getLogger(FrontEndConfiguration.class);

    @Bean
    @Conditional(Active.class)
    FrontEnd frontEnd(FrontEndProperties props, ApiEntry entry, ServerThreadsProperties threads,
            ConfigurableEnvironment environment, ApplicationContext context) throws UnknownHostException {
        String address = environment.getProperty("server.address");
        int port = environment.getProperty("server.port", Integer.class, 8080);
        return new FrontEnd(props, entry, address == null || address.isBlank() ? null : InetAddress.getByName(address), port,
                () -> ((WebServerApplicationContext) context).getWebServer().getPort(), environment, threads.platformThreads());
    }

    @Bean
    @Conditional(Active.class)
    TomcatBehindFrontEnd tomcatBehindFrontEnd() {
        return new TomcatBehindFrontEnd();
    }

    /** Tomcat listens on a free loopback port: only the front end connects to it. */
    static final class TomcatBehindFrontEnd implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {
        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.setAddress(InetAddress.getLoopbackAddress());
            factory.setPort(0);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE; // after Spring's own customizer, which applies server.port and server.address
        }
    }

    /** The front end serves unless switched off or Tomcat must face clients itself (TLS, HTTP/2). */
    static final class Active implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            if (!env.getProperty("ccag.front-end.enabled", Boolean.class, true)) return false;
            boolean tls = (env.containsProperty("server.ssl.bundle") || env.containsProperty("server.ssl.key-store")
                    || env.containsProperty("server.ssl.certificate")) && env.getProperty("server.ssl.enabled", Boolean.class, true);
            boolean http2 = env.getProperty("server.http2.enabled", Boolean.class, false);
            if (tls || http2) {
                log.info("The gateway's front end is off: Tomcat serves server.port itself ({})", tls ? "server.ssl" : "server.http2.enabled");
                return false;
            }
            return true;
        }
    }
}
