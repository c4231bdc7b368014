package dev.ccag.gateway.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccag.gateway.admin.AdminHarness;
import dev.ccag.gateway.frontend.FrontEndIntegrationTest.Client;
import dev.ccag.gateway.frontend.FrontEndIntegrationTest.Response;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** Shutdown with a request in flight, and the gateway with its front end switched off. */
class FrontEndLifecycleTest {

    @Test
    void aRequestInFlightAtShutdownIsAnsweredWholeAndNoNewConnectionIsTaken() throws Exception {
        AdminHarness gateway = new AdminHarness(null, FrontEndIntegrationTest.KEY);
        try {
            int port = gateway.base.getPort();
            try (Client idle = new Client(port); Client busy = new Client(port)) {
                idle.send(FrontEndIntegrationTest.post("/v1/messages", FrontEndIntegrationTest.message("[[emu:text warm]]", false)));
                assertThat(idle.response().status()).isEqualTo(200);
                busy.send(FrontEndIntegrationTest.post("/v1/messages", FrontEndIntegrationTest.message("[[emu:text late]] [[emu:slow 1500]]", false)));
                Thread.sleep(300); // the slow request is in the pipeline now
                Thread closer = Thread.ofPlatform().start(gateway.gateway::close);
                Response r = busy.response();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.json().at("/content/0/text").asString()).isEqualTo("late");
                assertThat(r.headers()).containsEntry("connection", "close");
                assertThat(busy.closedByServer()).isTrue();
                assertThat(idle.closedByServer()).as("a connection waiting for its next request is closed at once").isTrue();
                closer.join();
                assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), gateway.base.getPort()).close())
                        .isInstanceOf(ConnectException.class);
            }
        } finally {
            gateway.emulator.close();
        }
    }

    @Test
    void switchedOffTomcatServesThePublicPortAsBefore() throws Exception {
        try (AdminHarness gateway = new AdminHarness(null, FrontEndIntegrationTest.KEY, "ccag.front-end.enabled=false")) {
            assertThat(gateway.gateway.getBeansOfType(FrontEnd.class)).isEmpty();
            var web = ((org.springframework.boot.web.server.context.WebServerApplicationContext) gateway.gateway).getWebServer();
            assertThat(gateway.base.getPort()).isEqualTo(web.getPort());
            assertThat(gateway.message(FrontEndIntegrationTest.KEY)).isEqualTo(200);
            assertThat(gateway.call("GET", "/admin/v1/me", FrontEndIntegrationTest.KEY, null).status()).isEqualTo(200);
        }
    }
}
