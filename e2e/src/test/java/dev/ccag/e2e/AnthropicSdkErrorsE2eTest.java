package dev.ccag.e2e;

import static dev.ccag.e2e.SdkClients.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.GatewayTimeoutException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Every error class the gateway produces, as the official SDK sees it: the right exception type,
 * status, Anthropic error type, the retry hints, and the {@code request-id} header.
 */
class AnthropicSdkErrorsE2eTest extends SdkStackTest {

    @Test
    void wrongKeyIsUnauthorized() {
        AnthropicClient stranger = SdkClients.withApiKey(stack, "sk-ccag-not-a-real-key");
        try {
            UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class, () -> stranger.messages().create(hello()));

            assertError(e, 401, ErrorType.AUTHENTICATION_ERROR);
        } finally {
            stranger.close();
        }
        assertThat(stack.emulator().requests()).as("a rejected key never reaches Bedrock").isEmpty();
    }

    @Test
    void unknownModelIsNotFound() {
        NotFoundException e = catchThrowableOfType(NotFoundException.class,
                () -> client.messages().create(hello().toBuilder().model("gpt-4o").build()));

        assertError(e, 404, ErrorType.NOT_FOUND_ERROR);
    }

    @Test
    void throttlingIsRateLimitedWithRetryAfter() {
        RateLimitException e = failWith("throttling", RateLimitException.class);

        assertError(e, 429, ErrorType.RATE_LIMIT_ERROR);
        assertThat(e.headers().values("retry-after")).singleElement().asString().matches("\\d+");
    }

    @Test
    void serviceUnavailableIsOverloaded() {
        OverloadedException e = failWith("service-unavailable", OverloadedException.class);

        assertError(e, 529, ErrorType.OVERLOADED_ERROR);
        assertThat(e.headers().values("retry-after")).singleElement().asString().matches("\\d+");
    }

    @Test
    void validationIsBadRequest() {
        BadRequestException e = failWith("validation", BadRequestException.class);

        assertError(e, 400, ErrorType.INVALID_REQUEST_ERROR);
    }

    @Test
    void tooLongIsPromptTooLongInAnthropicWording() {
        BadRequestException e = failWith("too-long", BadRequestException.class);

        assertError(e, 400, ErrorType.INVALID_REQUEST_ERROR);
        // Claude Code compacts only when it recognises this wording (docs/claude-code-traffic.md).
        assertThat(e.apiMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("prompt is too long"));
    }

    @Test
    void modelTimeoutIsGatewayTimeout() {
        GatewayTimeoutException e = failWith("model-timeout", GatewayTimeoutException.class);

        assertError(e, 504, ErrorType.TIMEOUT_ERROR);
    }

    @Test
    void internalErrorIsApiError() {
        InternalServerException e = failWith("internal", InternalServerException.class);

        assertError(e, 500, ErrorType.API_ERROR);
    }

    @Test
    void midStreamErrorIsThrownWhileIterating() {
        stack.emulator().queueFault("internal", 1, true);
        List<RawMessageStreamEvent> seen = new ArrayList<>();

        AnthropicServiceException e = catchThrowableOfType(AnthropicServiceException.class, () -> {
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(hello())) {
                stream.stream().forEach(seen::add);
            }
        });

        assertThat(e).as("the stream must fail, not end quietly").isNotNull();
        assertThat(seen).as("the error came after the stream had begun").isNotEmpty();
        assertThat(seen.getFirst().isMessageStart()).isTrue();
        assertThat(seen).noneMatch(RawMessageStreamEvent::isMessageStop);
        assertThat(e.type()).as(String.valueOf(e.body())).contains(ErrorType.API_ERROR);
    }

    private <T extends AnthropicServiceException> T failWith(String fault, Class<T> type) {
        stack.emulator().queueFault(fault, 1, false);
        ThrowingCallable call = () -> client.messages().create(hello());
        T e = catchThrowableOfType(type, call);
        assertThat(e).as("expected %s for emulator fault %s", type.getSimpleName(), fault).isNotNull();
        return e;
    }

    private static void assertError(AnthropicServiceException e, int status, ErrorType type) {
        assertThat(e).isNotNull();
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.type()).as(String.valueOf(e.body())).contains(type);
        assertThat(e.apiMessage()).hasValueSatisfying(m -> assertThat(m).isNotBlank());
        assertThat(e.requestId()).as("request-id header").hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    }

    private static MessageCreateParams hello() {
        return MessageCreateParams.builder().model(MODEL).maxTokens(64).addUserMessage("Hello").build();
    }
}
