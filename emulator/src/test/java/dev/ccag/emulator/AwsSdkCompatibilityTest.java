package dev.ccag.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import tools.jackson.databind.JsonNode;

/**
 * The real AWS SDK for Java v2 against the emulator: proves the SigV4 verifier agrees with the SDK's
 * signer (double-encoded ':' and ARN '/'), and that frames and error shapes parse as the SDK expects.
 */
class AwsSdkCompatibilityTest {
    static final String SONNET_45_PROFILE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    static final String APP_PROFILE_ARN = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6";

    static BedrockEmulator emulator;
    static BedrockRuntimeClient sync;
    static BedrockRuntimeAsyncClient async;

    @BeforeAll
    static void start() {
        emulator = BedrockEmulator.start(EmulatorSettings.defaults().withCredentials(List.of(
                new AwsCredential(EmulatorSettings.DEFAULT_ACCESS_KEY_ID, EmulatorSettings.DEFAULT_SECRET_ACCESS_KEY),
                new AwsCredential("CCAGEMULATORSESSION1", "session-secret", "session-token-123"))));
        sync = SdkClients.sync(emulator);
        async = SdkClients.async(emulator);
    }

    @AfterAll
    static void stop() {
        sync.close();
        async.close();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    @ParameterizedTest
    @CsvSource({
            "anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5-20250929",
            SONNET_45_PROFILE + ", claude-sonnet-4-5-20250929",
            "global.anthropic.claude-opus-4-6-v1, claude-opus-4-6",
            "eu.anthropic.claude-sonnet-4-6, claude-sonnet-4-6",
            APP_PROFILE_ARN + ", claude-sonnet-4-5-20250929",
            "us.anthropic.claude-opus-5-5, claude-opus-5-5",
    })
    void invokeModelIsSignedAndAnsweredForEveryKindOfModelId(String modelId, String anthropicId) {
        InvokeModelResponse response = sync.invokeModel(r -> r.modelId(modelId).body(SdkClients.body("hi there")));

        JsonNode message = Json.MAPPER.readTree(response.body().asUtf8String());
        assertThat(message.path("model").asString()).isEqualTo(anthropicId);
        assertThat(message.path("id").asString()).startsWith("msg_bdrk_");
        assertThat(message.path("content").get(0).path("text").asString())
                .isEqualTo("Hello from the CCAG Bedrock emulator. You said: hi there");
        assertThat(message.path("usage").path("input_tokens").asInt()).isPositive();
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(emulator.lastRequest().modelId()).isEqualTo(modelId);
    }

    @Test
    void theWirePathCarriesTheModelIdEncodedOnce() {
        sync.invokeModel(r -> r.modelId(SONNET_45_PROFILE).body(SdkClients.body("x")));
        assertThat(emulator.lastRequest().rawPath()).isEqualTo("/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke");

        sync.invokeModel(r -> r.modelId(APP_PROFILE_ARN).body(SdkClients.body("x")));
        assertThat(emulator.lastRequest().rawPath())
                .isEqualTo("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fa1b2c3d4e5f6/invoke");
    }

    @Test
    void invokeModelResponseCarriesBedrockTokenHeaders() {
        InvokeModelResponse response = sync.invokeModel(r -> r.modelId(SONNET_45_PROFILE).body(SdkClients.body("one two three")));
        var headers = response.sdkHttpResponse().headers();
        JsonNode usage = Json.MAPPER.readTree(response.body().asUtf8String()).path("usage");
        assertThat(headers.get("X-Amzn-Bedrock-Input-Token-Count")).containsExactly(usage.path("input_tokens").asString());
        assertThat(headers.get("X-Amzn-Bedrock-Output-Token-Count")).containsExactly(usage.path("output_tokens").asString());
        assertThat(headers).containsKeys("X-Amzn-Bedrock-Invocation-Latency", "x-amzn-RequestId");
    }

    @Test
    void sessionCredentialsSignTheSecurityToken() {
        try (BedrockRuntimeClient client = SdkClients.sync(emulator,
                AwsSessionCredentials.create("CCAGEMULATORSESSION1", "session-secret", "session-token-123"))) {
            client.invokeModel(r -> r.modelId(SONNET_45_PROFILE).body(SdkClients.body("x")));
        }
        assertThat(emulator.lastRequest().header("x-amz-security-token")).isEqualTo("session-token-123");
        assertThat(emulator.lastRequest().header("authorization")).contains("x-amz-security-token");

        try (BedrockRuntimeClient client = SdkClients.sync(emulator,
                AwsSessionCredentials.create("CCAGEMULATORSESSION1", "session-secret", "stolen-token"))) {
            assertThatThrownBy(() -> client.invokeModel(r -> r.modelId(SONNET_45_PROFILE).body(SdkClients.body("x"))))
                    .isInstanceOfSatisfying(BedrockRuntimeException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        try (BedrockRuntimeClient client = SdkClients.sync(emulator,
                AwsBasicCredentials.create(emulator.accessKeyId(), "not-the-secret"))) {
            assertThatThrownBy(() -> client.invokeModel(r -> r.modelId(SONNET_45_PROFILE).body(SdkClients.body("x"))))
                    .isInstanceOfSatisfying(BedrockRuntimeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith("The request signature we calculated does not match");
                    });
        }
    }

    @Test
    void anUnknownAccessKeyIsAnUnrecognizedClient() {
        try (BedrockRuntimeClient client = SdkClients.sync(emulator, AwsBasicCredentials.create("CCAGUNKNOWNKEY000001", "x"))) {
            assertThatThrownBy(() -> client.invokeModel(r -> r.modelId(SONNET_45_PROFILE).body(SdkClients.body("x"))))
                    .isInstanceOfSatisfying(BedrockRuntimeException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "throttling, ThrottlingException, 429",
            "service-unavailable, ServiceUnavailableException, 503",
            "internal, InternalServerException, 500",
            "model-timeout, ModelTimeoutException, 408",
            "model-not-ready, ModelNotReadyException, 429",
            "quota, ServiceQuotaExceededException, 400",
            "access-denied, AccessDeniedException, 403",
            "validation, ValidationException, 400",
            "model-error, ModelErrorException, 424",
            "too-long, ValidationException, 400",
    })
    void initialFaultsBecomeTheSdksExceptionClasses(String fault, String exceptionClass, int status) {
        assertThatThrownBy(() -> sync.invokeModel(r -> r.modelId(SONNET_45_PROFILE)
                .body(SdkClients.body("please [[emu:fault " + fault + "]]"))))
                .isInstanceOfSatisfying(BedrockRuntimeException.class, e -> {
                    assertThat(e.getClass().getSimpleName()).isEqualTo(exceptionClass);
                    assertThat(e.statusCode()).isEqualTo(status);
                    assertThat(e.awsErrorDetails().errorMessage()).isNotBlank();
                    assertThat(e.requestId()).isNotBlank();
                });
    }

    @Test
    void tooLongSaysSoInBedrocksWords() {
        assertThatThrownBy(() -> sync.invokeModel(r -> r.modelId(SONNET_45_PROFILE).body(SdkClients.body("[[emu:fault too-long]]"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Input is too long for requested model.");
    }

    @Test
    void queuedFaultsHitTheNextCallsOnly() {
        emulator.queueFault("throttling", 2, false);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> sync.invokeModel(r -> r.modelId(SONNET_45_PROFILE).body(SdkClients.body("x"))))
                    .isInstanceOf(ThrottlingException.class);
        }
        assertThat(sync.invokeModel(r -> r.modelId(SONNET_45_PROFILE).body(SdkClients.body("x"))).body().asUtf8String())
                .contains("Hello from the CCAG Bedrock emulator");
    }

    @Test
    void validationErrorsReachTheSdkWithBedrocksMessage() {
        String withModel = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,\"model\":\"x\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThatThrownBy(() -> sync.invokeModel(r -> r.modelId(SONNET_45_PROFILE).body(SdkBytes.fromUtf8String(withModel))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Malformed input request: #: extraneous key [model] is not permitted");
        assertThatThrownBy(() -> sync.invokeModel(r -> r.modelId("us.anthropic.claude-sonnet-4-5").body(SdkClients.body("x"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("The provided model identifier is invalid.");
    }

    @Test
    void countTokensCountsTheInnerBody() {
        var response = sync.countTokens(r -> r.modelId("anthropic.claude-sonnet-4-5-20250929-v1:0")
                .input(CountTokensInput.fromInvokeModel(t -> t.body(SdkClients.body("count these words please")))));
        assertThat(response.inputTokens()).isPositive();

        String invalid = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThatThrownBy(() -> sync.countTokens(r -> r.modelId(SONNET_45_PROFILE)
                .input(CountTokensInput.fromInvokeModel(t -> t.body(SdkBytes.fromUtf8String(invalid))))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("required key [max_tokens] not found");
    }

    @Test
    void streamingYieldsAnthropicEventsInOrder() throws Exception {
        List<JsonNode> events = stream(APP_PROFILE_ARN, "[[emu:text one two three four five six]] [[emu:chunks 3]]", null);

        assertThat(events).extracting(e -> e.path("type").asString()).containsExactly(
                "message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(events.getFirst().path("message").path("id").asString()).startsWith("msg_bdrk_");
        assertThat(events.getFirst().path("message").path("model").asString()).isEqualTo("claude-sonnet-4-5-20250929");
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("type").asString().equals("content_block_delta"))
                .forEach(e -> text.append(e.path("delta").path("text").asString()));
        assertThat(text).hasToString("one two three four five six");
        assertThat(events.get(6).path("delta").path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(events.get(6).path("usage").path("output_tokens").asInt()).isEqualTo(6);
        JsonNode metrics = events.get(7).path("amazon-bedrock-invocationMetrics");
        assertThat(metrics.path("outputTokenCount").asInt()).isEqualTo(6);
        assertThat(metrics.has("inputTokenCount") && metrics.has("invocationLatency") && metrics.has("firstByteLatency")).isTrue();
        assertThat(emulator.lastRequest().operation()).isEqualTo("invoke-with-response-stream");
    }

    @Test
    void streamingThinkingAndToolUse() throws Exception {
        String body = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":4096,"
                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},"
                + "\"tools\":[{\"name\":\"Bash\",\"input_schema\":{\"type\":\"object\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"run it [[emu:bash ls -la]]\"}]}";
        List<JsonNode> events = stream(SONNET_45_PROFILE, null, body);

        // The shape of the stream, runs of the same delta type folded into one entry.
        List<String> shape = new ArrayList<>();
        for (JsonNode e : events) {
            String type = e.path("type").asString();
            String entry = type.equals("content_block_delta") ? e.path("delta").path("type").asString()
                    : type.equals("content_block_start") ? "start:" + e.path("content_block").path("type").asString() : type;
            if (!(entry.endsWith("_delta") && !shape.isEmpty() && shape.getLast().equals(entry))) shape.add(entry);
        }
        assertThat(shape).containsExactly("message_start",
                "start:thinking", "thinking_delta", "signature_delta", "content_block_stop",
                "start:text", "text_delta", "content_block_stop",
                "start:tool_use", "input_json_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(events).filteredOn(e -> e.path("delta").path("type").asString("").equals("input_json_delta")).hasSizeGreaterThanOrEqualTo(2);
        JsonNode signature = events.stream().filter(e -> e.path("delta").path("type").asString("").equals("signature_delta"))
                .findFirst().orElseThrow();
        assertThat(signature.path("delta").path("signature").asString()).isNotBlank();
        StringBuilder json = new StringBuilder();
        events.stream().filter(e -> e.path("delta").path("type").asString("").equals("input_json_delta"))
                .forEach(e -> json.append(e.path("delta").path("partial_json").asString()));
        assertThat(Json.MAPPER.readTree(json.toString()).path("command").asString()).isEqualTo("ls -la");
        JsonNode toolStart = events.stream().filter(e -> e.path("content_block").path("type").asString("").equals("tool_use"))
                .findFirst().orElseThrow();
        assertThat(toolStart.path("content_block").path("id").asString()).startsWith("toolu_");
        assertThat(toolStart.path("content_block").path("name").asString()).isEqualTo("Bash");
        assertThat(events.get(events.size() - 2).path("delta").path("stop_reason").asString()).isEqualTo("tool_use");
    }

    @ParameterizedTest
    @CsvSource({
            "throttling, ThrottlingException",
            "model-stream-error, ModelStreamErrorException",
            "internal, InternalServerException",
            "model-timeout, ModelTimeoutException",
            "service-unavailable, ServiceUnavailableException",
            "validation, ValidationException",
    })
    void midstreamExceptionsReachOnErrorAsTheSdksClasses(String fault, String exceptionClass) throws Exception {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> onError = new AtomicReference<>();
        CompletableFuture<Void> done = async.invokeModelWithResponseStream(
                InvokeModelWithResponseStreamRequest.builder().modelId(SONNET_45_PROFILE)
                        .body(SdkClients.body("[[emu:midstream " + fault + "]]")).build(),
                handler(events, onError));

        assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().satisfies(c -> assertThat(c.getClass().getSimpleName()).isEqualTo(exceptionClass));
        assertThat(onError.get()).isNotNull();
        assertThat(events).extracting(e -> e.path("type").asString())
                .containsExactly("message_start", "content_block_start", "content_block_delta");
    }

    @Test
    void aQueuedMidstreamFaultFailsAStreamAfterItBegan() throws Exception {
        emulator.queueFault("throttling", 1, true);
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = async.invokeModelWithResponseStream(
                InvokeModelWithResponseStreamRequest.builder().modelId(SONNET_45_PROFILE).body(SdkClients.body("x")).build(),
                handler(events, new AtomicReference<>()));
        assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(ThrottlingException.class);
        assertThat(events).isNotEmpty();
    }

    private static List<JsonNode> stream(String modelId, String text, String body) throws Exception {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        SdkBytes bytes = body != null ? SdkBytes.fromUtf8String(body) : SdkClients.body(text);
        async.invokeModelWithResponseStream(
                InvokeModelWithResponseStreamRequest.builder().modelId(modelId).body(bytes).build(),
                handler(events, error)).get(30, TimeUnit.SECONDS);
        assertThat(error.get()).isNull();
        return events;
    }

    private static InvokeModelWithResponseStreamResponseHandler handler(List<JsonNode> events, AtomicReference<Throwable> error) {
        return InvokeModelWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                        .onChunk(part -> events.add(Json.MAPPER.readTree(part.bytes().asUtf8String())))
                        .build())
                .onError(error::set)
                .build();
    }
}
