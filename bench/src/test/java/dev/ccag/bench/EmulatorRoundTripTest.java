package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.emulator.BedrockEmulator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The direct route's parts against the real emulator: signing, the raw client, the checks, the runner. */
class EmulatorRoundTripTest {
    private static final String MODEL_PATH = "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/";
    private static BedrockEmulator emulator;
    private static String host;
    private static int port;

    @BeforeAll
    static void start() {
        emulator = BedrockEmulator.start();
        host = emulator.endpoint().getHost();
        port = emulator.endpoint().getPort();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static byte[] body(String text) {
        return ("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static BedrockRequestSigner signer() {
        return new BedrockRequestSigner(emulator.accessKeyId(), emulator.secretAccessKey(), "us-east-1");
    }

    @Test
    void signedInvokeIsAcceptedAndAnswersTheScriptedText() throws Exception {
        byte[] request = signer().sign(host, port, MODEL_PATH + "invoke", body("[[emu:text Pong.]] ping"));
        try (RawHttpConnection c = new RawHttpConnection(host, port)) {
            RawHttpConnection.Response r = c.exchange(request);
            assertThat(r.status()).as(new String(c.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(ResponseCheck.message("Pong.").problem(c.body())).isNull();
            assertThat(ResponseCheck.message("Ping.").problem(c.body())).contains("unexpected text");
            // The same signed bytes can be sent again: that is what the load generator does for a minute.
            assertThat(c.exchange(request).status()).isEqualTo(200);
        }
    }

    @Test
    void theHeldWorkloadsRequestIsAnsweredWithTheScriptedTextNoSoonerThanItsWait() throws Exception {
        // The user text of the held workload's Anthropic body, sent the way the direct route sends its twin.
        String text = ResponseCheck.JSON.readTree(Bodies.slowSmall(120)).path("messages").get(0).path("content").get(0).path("text").asString();
        assertThat(text).contains("[[emu:slow 120]]").contains("[[emu:text " + Bodies.SHORT_REPLY + "]]");
        byte[] request = signer().sign(host, port, MODEL_PATH + "invoke", body(text));
        try (RawHttpConnection c = new RawHttpConnection(host, port)) {
            long start = System.nanoTime();
            assertThat(c.exchange(request).status()).isEqualTo(200);
            byte[] answer = c.body();
            assertThat((System.nanoTime() - start) / 1_000_000).as("the emulator waits before it answers").isGreaterThanOrEqualTo(120);
            assertThat(ResponseCheck.message(Bodies.SHORT_REPLY).problem(answer)).isNull();
        }
    }

    @Test
    void eventStreamCheckCountsTheDeltasOfARealStream() throws Exception {
        byte[] request = signer().sign(host, port, MODEL_PATH + "invoke-with-response-stream",
                body("[[emu:text one two three four five six seven]] [[emu:chunks 7]]"));
        try (RawHttpConnection c = new RawHttpConnection(host, port)) {
            assertThat(c.exchange(request).status()).isEqualTo(200);
            byte[] stream = c.body();
            assertThat(ResponseCheck.eventStream(7).problem(stream)).isNull();
            assertThat(ResponseCheck.eventStream(8).problem(stream)).isEqualTo("expected 8 deltas, got 7");
            assertThat(ResponseCheck.sse(7).problem(stream)).contains("message_start");
        }
    }

    @Test
    void eventStreamCheckReportsAMidStreamException() throws Exception {
        byte[] request = signer().sign(host, port, MODEL_PATH + "invoke-with-response-stream",
                body("[[emu:midstream throttling]] hi"));
        try (RawHttpConnection c = new RawHttpConnection(host, port)) {
            assertThat(c.exchange(request).status()).isEqualTo(200);
            assertThat(ResponseCheck.eventStream(1).problem(c.body())).startsWith("event-stream exception");
        }
    }

    @Test
    void aWrongSecretIsRefused() throws Exception {
        byte[] request = new BedrockRequestSigner(emulator.accessKeyId(), "not-the-secret", "us-east-1")
                .sign(host, port, MODEL_PATH + "invoke", body("hi"));
        try (RawHttpConnection c = new RawHttpConnection(host, port)) {
            assertThat(c.exchange(request).status()).isEqualTo(403);
        }
    }

    @Test
    void loadRunnerCountsSuccessesAndFailedChecks() throws Exception {
        Route route = new Route(Route.DIRECT, host, port, false);
        RequestSource source = RequestSource.fixed(signer().sign(host, port, MODEL_PATH + "invoke", body("[[emu:text Pong.]] x")));

        LoadRunner.RunResult ok = LoadRunner.run(route, source, 2, LoadRunner.Stop.after(20), ResponseCheck.message("Pong."), 100);
        assertThat(ok.errors()).isZero();
        assertThat(ok.total().size()).isEqualTo(20);
        assertThat(ok.firstByte().size()).isEqualTo(20);

        LoadRunner.RunResult wrong = LoadRunner.run(route, source, 2, LoadRunner.Stop.after(10), ResponseCheck.message("Nope."), 100);
        assertThat(wrong.errors()).isEqualTo(10);
        assertThat(wrong.firstError()).contains("unexpected text");

        RequestSource unsigned = RequestSource.fixed(
                ("POST " + MODEL_PATH + "invoke HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Length: 2\r\n\r\n{}")
                        .getBytes(StandardCharsets.ISO_8859_1));
        LoadRunner.RunResult refused = LoadRunner.run(route, unsigned, 1, LoadRunner.Stop.after(3), body -> null, 0);
        assertThat(refused.errors()).isEqualTo(3);
        assertThat(refused.firstError()).startsWith("HTTP 403");
    }
}
