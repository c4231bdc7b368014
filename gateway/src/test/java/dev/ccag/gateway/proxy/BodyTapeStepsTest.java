package dev.ccag.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.bedrock.BedrockEndpoint;
import dev.ccag.gateway.bedrock.BetaPolicy;
import dev.ccag.gateway.bedrock.EndpointProfile;
import dev.ccag.gateway.bedrock.JsonTape;
import dev.ccag.gateway.bedrock.LearnedRejections;
import dev.ccag.gateway.bedrock.ModelCatalog;
import dev.ccag.gateway.bedrock.ModelResolver;
import dev.ccag.gateway.bedrock.RequestTranslator;
import dev.ccag.gateway.observe.ProxyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * A large body's tokens go from the arrival check to the translation ({@code JsonTape}): recorded by
 * {@link ReadBodyStep}, counted in the body memory while held, read by {@link TranslateStep} and
 * given back right after it, so a stream does not hold them for its whole life.
 */
class BodyTapeStepsTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final long KB = 1024;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static byte[] largeBody() {
        String text = "x".repeat(40_000);
        return ("{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":64,\"temperature\":1,\"speed\":\"fast\","
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\","
                + "\"cache_control\":{\"type\":\"ephemeral\",\"scope\":\"global\"}}]}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static ProxyExchange exchange(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/messages");
        request.setContent(body);
        request.setContentType("application/json");
        return new ProxyExchange(RequestIds.next(), System.nanoTime(), ProxyRoute.MESSAGES, ServletClient.request(request),
                ServletClient.response(new MockHttpServletResponse()));
    }

    @Test
    void theTranslationReadsTheTapeAndGivesItsMemoryBack() throws Exception {
        BodyMemory memory = new BodyMemory(1024 * KB, Duration.ofSeconds(1), registry);
        byte[] sent = largeBody();
        ProxyExchange exchange = exchange(sent);
        AtomicReference<JsonTape> tapeAtTranslation = new AtomicReference<>();
        long[] held = new long[2];
        TranslateStep translate = new TranslateStep(new RequestTranslator(BetaPolicy.loadDefault(), MAPPER), new LearnedRejections(),
                new ProxyMetrics(registry));

        new ReadBodyStep(MAPPER, 20 * 1024 * KB, memory).handle(exchange, e -> {
            e.endpoint = new BedrockEndpoint("e", "us-east-1", java.net.URI.create("http://127.0.0.1:1"),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                    new EndpointProfile("e", "us-east-1", null, Map.of()));
            e.model = new ModelResolver(ModelCatalog.loadDefault()).resolve(e.requestedModel, e.endpoint.profile());
            tapeAtTranslation.set(e.bodyTape);
            held[0] = memory.heldBytes();
            translate.handle(e, after -> held[1] = memory.heldBytes());
        });

        JsonTape tape = tapeAtTranslation.get();
        assertThat(tape).isNotNull();
        assertThat(tape.body()).isSameAs(exchange.body);
        long bodyRoom = (2L * sent.length + KB - 1) / KB * KB;
        assertThat(held[0]).as("the body twice, and the tape").isEqualTo(bodyRoom + (tape.bytes() + KB - 1) / KB * KB);
        assertThat(held[1]).as("after the translation, the body alone").isEqualTo(bodyRoom);
        assertThat(exchange.bodyTape).isNull();
        assertThat(memory.heldBytes()).isZero();

        // what Bedrock gets is what the tokeniser's walk gives
        byte[] viaTokeniser = new RequestTranslator(BetaPolicy.loadDefault(), MAPPER)
                .messages(sent, java.util.List.of(), exchange.model, LearnedRejections.View.EMPTY).body();
        assertThat(new String(exchange.bedrockRequest.body(), StandardCharsets.UTF_8))
                .isEqualTo(new String(viaTokeniser, StandardCharsets.UTF_8))
                .doesNotContain("\"scope\"").doesNotContain("\"speed\"").startsWith("{\"anthropic_version\":\"bedrock-2023-05-31\",");
    }

    @Test
    void withoutRoomAtOnceTheBodyIsTranslatedWithoutATape() throws Exception {
        byte[] sent = largeBody();
        long bodyRoom = (2L * sent.length + KB - 1) / KB * KB;
        BodyMemory memory = new BodyMemory(bodyRoom + KB / 2 + KB, Duration.ofSeconds(1), registry); // one KiB to spare
        ProxyExchange exchange = exchange(sent);
        AtomicReference<JsonTape> tape = new AtomicReference<>();
        new ReadBodyStep(MAPPER, 20 * 1024 * KB, memory).handle(exchange, e -> tape.set(e.bodyTape));
        assertThat(tape.get()).isNull();
        assertThat(memory.heldBytes()).isZero();
        assertThat(registry.get("ccag.proxy.overloaded").counter().count()).isZero();
    }
}
