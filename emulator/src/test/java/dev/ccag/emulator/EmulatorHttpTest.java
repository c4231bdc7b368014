package dev.ccag.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.Message;
import tools.jackson.databind.JsonNode;

/** Plain HTTP against the emulator: bearer keys, error shapes, the control API, streaming without buffering. */
class EmulatorHttpTest {
    static final String KEY = "bedrock-api-key-for-tests";
    static final String SONNET_46 = "/model/us.anthropic.claude-sonnet-4-6";
    static BedrockEmulator emulator;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        emulator = BedrockEmulator.start(EmulatorSettings.defaults().withBearerKeys(List.of(KEY)));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    @Test
    void bearerKeysAuthenticateInvokeModel() throws Exception {
        HttpResponse<String> r = post(SONNET_46 + "/invoke", SdkClients.json("hello"), KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode message = Json.MAPPER.readTree(r.body());
        assertThat(message.path("model").asString()).isEqualTo("claude-sonnet-4-6");
        assertThat(message.path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void errorsHaveBedrocksShape() throws Exception {
        HttpResponse<String> missing = post(SONNET_46 + "/invoke", SdkClients.json("hello"), null);
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.headers().firstValue("x-amzn-ErrorType"))
                .hasValue("MissingAuthenticationTokenException:http://internal.amazon.com/coral/com.amazon.bedrock/");
        assertThat(missing.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(Json.MAPPER.readTree(missing.body()).path("message").asString()).isEqualTo("Missing Authentication Token");

        HttpResponse<String> badModel = post("/model/anthropic.claude-nonsense-9000-v9%3A9/invoke", SdkClients.json("x"), KEY);
        assertThat(badModel.statusCode()).isEqualTo(200); // a rule-based id: the newest generation
        HttpResponse<String> invalid = post("/model/meta.llama3-70b-instruct-v1%3A0/invoke", SdkClients.json("x"), KEY);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("x-amzn-ErrorType").orElseThrow()).startsWith("ValidationException:");
        assertThat(invalid.body()).isEqualTo("{\"message\":\"The provided model identifier is invalid.\"}");

        HttpResponse<String> notJson = post(SONNET_46 + "/invoke", "not json", KEY);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("Malformed input request");

        HttpResponse<String> rawSlash = post("/model/arn:aws:bedrock:us-east-1:1:application-inference-profile/x/invoke", SdkClients.json("x"), KEY);
        assertThat(rawSlash.statusCode()).isEqualTo(404);
        assertThat(rawSlash.headers().firstValue("x-amzn-ErrorType").orElseThrow()).startsWith("UnknownOperationException:");
    }

    @Test
    void aThinkingBlockSentBackMustBeTheOneTheEmulatorSigned() throws Exception {
        JsonNode first = Json.MAPPER.readTree(post(SONNET_46 + "/invoke", SdkClients.json("[[emu:think]] hi"), KEY).body());
        JsonNode thinking = first.path("content").get(0);
        assertThat(thinking.path("type").asString()).isEqualTo("thinking");

        var body = Json.MAPPER.createObjectNode().put("anthropic_version", "bedrock-2023-05-31").put("max_tokens", 100);
        var messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", "hi");
        messages.addObject().put("role", "assistant").set("content", first.path("content"));
        messages.addObject().put("role", "user").put("content", "and now?");
        assertThat(post(SONNET_46 + "/invoke", body.toString(), KEY).statusCode()).isEqualTo(200);

        ((tools.jackson.databind.node.ObjectNode) messages.get(1).path("content").get(0)).put("thinking", "edited thoughts");
        HttpResponse<String> tampered = post(SONNET_46 + "/invoke", body.toString(), KEY);
        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(tampered.body()).contains("Invalid `signature` in `thinking` block");
    }

    @Test
    void controlApiQueuesFaultsRejectsBetasAndRecordsRequests() throws Exception {
        assertThat(control("GET", "health", null).body()).contains("NOT Amazon Bedrock");

        assertThat(control("POST", "faults", "{\"fault\":\"service-unavailable\",\"count\":1}").statusCode()).isEqualTo(200);
        HttpResponse<String> failed = post(SONNET_46 + "/invoke", SdkClients.json("x"), KEY);
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(post(SONNET_46 + "/invoke", SdkClients.json("x"), KEY).statusCode()).isEqualTo(200);
        assertThat(control("POST", "faults", "{\"fault\":\"no-such-fault\"}").statusCode()).isEqualTo(400);

        String withBeta = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,"
                + "\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\"],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertThat(post(SONNET_46 + "/invoke", withBeta, KEY).statusCode()).isEqualTo(200);
        assertThat(control("POST", "reject-betas", "[\"interleaved-thinking-2025-05-14\"]").body()).contains("interleaved-thinking-2025-05-14");
        HttpResponse<String> rejected = post(SONNET_46 + "/invoke", withBeta, KEY);
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.body()).contains("invalid beta flag");

        JsonNode recorded = Json.MAPPER.readTree(control("GET", "requests?limit=2", null).body());
        assertThat(recorded).hasSize(2);
        JsonNode last = recorded.get(1);
        assertThat(last.path("operation").asString()).isEqualTo("invoke");
        assertThat(last.path("modelId").asString()).isEqualTo("us.anthropic.claude-sonnet-4-6");
        assertThat(last.path("path").asString()).isEqualTo(SONNET_46 + "/invoke");
        assertThat(last.path("body").path("anthropic_beta").get(0).asString()).isEqualTo("interleaved-thinking-2025-05-14");
        assertThat(last.path("headers").path("authorization").get(0).asString()).isEqualTo("Bearer " + KEY);
        assertThat(emulator.requests()).hasSize(4);

        assertThat(control("DELETE", "state", null).statusCode()).isEqualTo(204);
        assertThat(emulator.requests()).isEmpty();
        assertThat(post(SONNET_46 + "/invoke", withBeta, KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void streamFramesArriveAsTheyAreWritten() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(emulator.endpoint().resolve(SONNET_46 + "/invoke-with-response-stream"))
                .header("authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(SdkClients.json("[[emu:text a b c d]] [[emu:chunks 4]] [[emu:pace 250]]")))
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("content-type")).hasValue("application/vnd.amazon.eventstream");
        assertThat(r.headers().firstValue("x-amzn-bedrock-content-type")).hasValue("application/json");
        try (InputStream in = r.body()) {
            byte[] prelude = in.readNBytes(12);
            long firstFrameMs = (System.nanoTime() - start) / 1_000_000;
            byte[] rest = in.readAllBytes();
            long totalMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(totalMs - firstFrameMs).as("the first frame came before the paced deltas").isGreaterThanOrEqualTo(600);

            ByteBuffer all = ByteBuffer.allocate(prelude.length + rest.length).put(prelude).put(rest).flip();
            int frames = 0;
            while (all.hasRemaining()) {
                Message.decode(all);
                frames++;
            }
            assertThat(frames).isEqualTo(9); // start, block start, 4 deltas, block stop, message_delta, message_stop
        }
    }

    @Test
    void aSlowStreamSendsItsHeadersAtOnceAndItsFirstFrameLater() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(emulator.endpoint().resolve(SONNET_46 + "/invoke-with-response-stream"))
                .header("authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(SdkClients.json("[[emu:slow 700]] hi")))
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long headersMs = (System.nanoTime() - start) / 1_000_000;
        try (InputStream in = r.body()) {
            assertThat(in.readNBytes(12)).hasSize(12);
        }
        long firstFrameMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(headersMs).isLessThan(500);
        assertThat(firstFrameMs).isGreaterThanOrEqualTo(700);

        long t = System.nanoTime();
        HttpResponse<String> failed = post(SONNET_46 + "/invoke", SdkClients.json("[[emu:slow 400]] [[emu:fault throttling]]"), KEY);
        assertThat(failed.statusCode()).isEqualTo(429);
        assertThat((System.nanoTime() - t) / 1_000_000).isGreaterThanOrEqualTo(400);
    }

    @Test
    void aClientLeavingMidStreamIsCountedAsAnAbortedStream() throws Exception {
        String body = SdkClients.json("[[emu:chunks 100]] [[emu:pace 30]] a long story that goes on and on");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", emulator.port())) {
            String head = "POST " + SONNET_46 + "/invoke-with-response-stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n";
            socket.getOutputStream().write((head + body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().readNBytes(200)).hasSize(200); // headers and the first frames
        }
        long deadline = System.currentTimeMillis() + 5_000;
        while (emulator.abortedStreams() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertThat(emulator.abortedStreams()).isEqualTo(1);
        assertThat(control("GET", "health", null).body()).contains("\"abortedStreams\":1");
        emulator.reset();
        assertThat(emulator.abortedStreams()).isZero();
    }

    @Test
    void instancesAreIndependent() throws Exception {
        try (BedrockEmulator other = BedrockEmulator.start(EmulatorSettings.defaults().withSigv4Enabled(false))) {
            assertThat(other.port()).isNotEqualTo(emulator.port());
            other.queueFault("throttling", 2, false);
            assertThat(other.queuedFaults()).isEqualTo(2);
            assertThat(post(SONNET_46 + "/invoke", SdkClients.json("x"), KEY).statusCode()).isEqualTo(200);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(other.endpoint().resolve(SONNET_46 + "/invoke"))
                    .POST(HttpRequest.BodyPublishers.ofString(SdkClients.json("x"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(other.queuedFaults()).as("one fault consumed, the other still queued").isEqualTo(1);
            assertThat(emulator.queuedFaults()).isZero();
            assertThat(other.requests()).hasSize(1);
            assertThat(emulator.requests()).hasSize(1);
        }
    }

    private static HttpResponse<String> post(String path, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(emulator.endpoint().resolve(path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) b.header("authorization", "Bearer " + bearer);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> control(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/_emulator/" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
