package dev.ccag.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.admin.AdminHarness;
import java.util.concurrent.Executor;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** The running gateway's HTTP connector hands requests to the platform-first executor. */
class ServerThreadsIntegrationTest {

    @Test
    void tomcatRunsRequestsOnThePlatformFirstExecutorOfTheConfiguredSize() throws Exception {
        try (AdminHarness gateway = new AdminHarness(null, "sk-ccag-test-key-0123456789abcdefghij", "ccag.server.platform-threads=3")) {
            Connector connector = ((TomcatWebServer) ((WebServerApplicationContext) gateway.gateway).getWebServer()).getTomcat().getConnector();
            Executor executor = connector.getProtocolHandler().getExecutor();
            PlatformFirstExecutor bean = gateway.gateway.getBean(PlatformFirstExecutor.class);
            assertThat(executor).isSameAs(bean);
            assertThat(bean.platformThreads()).isEqualTo(3);
            // and it serves: an authenticated API call answers
            assertThat(gateway.call("GET", "/v1/models", gateway.adminKey, null).status()).isEqualTo(200);
        }
    }
}
