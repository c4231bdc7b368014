package dev.ccag.gateway.bedrock;

import dev.ccag.gateway.anthropic.ApiError;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps Bedrock errors (PROTOCOL §11) to the Anthropic errors Claude Code understands, so its retry,
 * key-refresh and compaction logic behaves as it would against Anthropic. Messages passed on are
 * redacted of account details; the caller logs the original.
 */
public final class BedrockErrorMapper {
    /** retry-after for 429: Bedrock throttling clears within seconds; Claude Code backs off further itself. */
    public static final int RATE_LIMIT_RETRY_AFTER_SECONDS = 5;
    /** retry-after for 529: a model not ready or a service outage takes longer than a throttle. */
    public static final int OVERLOADED_RETRY_AFTER_SECONDS = 10;
    static final String GATEWAY_CREDENTIALS_MESSAGE = "The gateway could not authenticate to Amazon Bedrock";
    /**
     * Claude Code recognises an over-long prompt by Anthropic's own wording, "prompt is too long",
     * and answers by compacting the conversation; so context-overflow messages must start with it.
     */
    static final String PROMPT_TOO_LONG = "prompt is too long: ";

    private enum Kind {
        VALIDATION, QUOTA, CONFLICT, ACCESS_DENIED, NOT_FOUND, MODEL_TIMEOUT, MODEL_ERROR, THROTTLING,
        MODEL_NOT_READY, INTERNAL, UNAVAILABLE, CREDENTIALS
    }

    /** Lower-cased exception names: initial errors say "ThrottlingException", stream frames "throttlingException". */
    private static final Map<String, Kind> BY_NAME = Map.ofEntries(
            Map.entry("validationexception", Kind.VALIDATION),
            Map.entry("servicequotaexceededexception", Kind.QUOTA),
            Map.entry("conflictexception", Kind.CONFLICT),
            Map.entry("accessdeniedexception", Kind.ACCESS_DENIED),
            Map.entry("resourcenotfoundexception", Kind.NOT_FOUND),
            Map.entry("modeltimeoutexception", Kind.MODEL_TIMEOUT),
            Map.entry("modelerrorexception", Kind.MODEL_ERROR),
            Map.entry("modelstreamerrorexception", Kind.MODEL_ERROR),
            Map.entry("throttlingexception", Kind.THROTTLING),
            Map.entry("modelnotreadyexception", Kind.MODEL_NOT_READY),
            Map.entry("internalserverexception", Kind.INTERNAL),
            Map.entry("serviceunavailableexception", Kind.UNAVAILABLE),
            Map.entry("unrecognizedclientexception", Kind.CREDENTIALS),
            Map.entry("invalidsignatureexception", Kind.CREDENTIALS),
            Map.entry("expiredtokenexception", Kind.CREDENTIALS),
            Map.entry("missingauthenticationtokenexception", Kind.CREDENTIALS),
            Map.entry("incompletesignatureexception", Kind.CREDENTIALS),
            Map.entry("invalidclienttokenid", Kind.CREDENTIALS),
            Map.entry("signaturedoesnotmatch", Kind.CREDENTIALS));

    /**
     * @param amznErrorType the {@code x-amzn-ErrorType} header, e.g. {@code ThrottlingException:http://internal.amazon.com/...}
     */
    public ApiError fromInitial(int httpStatus, @Nullable String amznErrorType, @Nullable String message) {
        boolean named = amznErrorType != null && !amznErrorType.isBlank();
        Kind kind = named ? kindOf(amznErrorType) : kindOfStatus(httpStatus);
        if (kind == null) {
            return httpStatus >= 500 ? ApiError.api(text(message, "Amazon Bedrock failed"))
                    : ApiError.invalidRequest(text(message, "Amazon Bedrock rejected the request"));
        }
        if (httpStatus == 413 && kind == Kind.VALIDATION) {
            return ApiError.requestTooLarge(text(message, "The request is larger than Amazon Bedrock accepts"));
        }
        return map(kind, message);
    }

    /** @param exceptionType the {@code :exception-type} header of a mid-stream exception frame */
    public ApiError fromStreamException(String exceptionType, @Nullable String message) {
        Kind kind = kindOf(exceptionType);
        if (kind == null) return ApiError.api(text(message, "Amazon Bedrock failed while streaming"));
        return map(kind, message);
    }

    private static ApiError map(Kind kind, @Nullable String message) {
        return switch (kind) {
            case VALIDATION -> validation(message);
            case QUOTA -> ApiError.rateLimited(text(message, "Amazon Bedrock service quota exceeded"), RATE_LIMIT_RETRY_AFTER_SECONDS);
            case CONFLICT -> ApiError.invalidRequest(text(message, "Amazon Bedrock reported a conflict"));
            case ACCESS_DENIED -> ApiError.permission(text(message, "Amazon Bedrock denied access to the model"));
            case NOT_FOUND -> ApiError.notFound(text(message, "Amazon Bedrock could not find the model"));
            case MODEL_TIMEOUT -> ApiError.timeout(text(message, "The model timed out on Amazon Bedrock"));
            case MODEL_ERROR -> ApiError.api(text(message, "The model failed on Amazon Bedrock"));
            case THROTTLING -> ApiError.rateLimited(text(message, "Amazon Bedrock is throttling requests"), RATE_LIMIT_RETRY_AFTER_SECONDS);
            case MODEL_NOT_READY -> ApiError.overloaded(text(message, "The model is not ready on Amazon Bedrock"), OVERLOADED_RETRY_AFTER_SECONDS);
            case INTERNAL -> ApiError.api(text(message, "Amazon Bedrock had an internal error"));
            case UNAVAILABLE -> ApiError.overloaded(text(message, "Amazon Bedrock is unavailable"), OVERLOADED_RETRY_AFTER_SECONDS);
            // The gateway's own credentials are wrong: not the client's fault, and nothing to show it.
            case CREDENTIALS -> ApiError.api(GATEWAY_CREDENTIALS_MESSAGE);
        };
    }

    private static ApiError validation(@Nullable String message) {
        if (RejectionParser.isContextOverflow(message)) {
            String redacted = AccountRedactor.redact(message.trim());
            // Keep Anthropic's "prompt is too long: N tokens > M maximum" when Bedrock passed it on verbatim.
            int at = redacted.indexOf(PROMPT_TOO_LONG);
            return ApiError.invalidRequest(at >= 0 ? redacted.substring(at) : PROMPT_TOO_LONG + redacted);
        }
        if (RejectionParser.isPayloadTooLarge(message)) {
            return ApiError.requestTooLarge(text(message, "The request is larger than Amazon Bedrock accepts"));
        }
        return ApiError.invalidRequest(text(message, "Amazon Bedrock rejected the request"));
    }

    private static @Nullable Kind kindOf(@Nullable String errorType) {
        if (errorType == null || errorType.isBlank()) return null;
        int colon = errorType.indexOf(':');
        String name = (colon >= 0 ? errorType.substring(0, colon) : errorType).trim();
        // Some responses qualify the name: "com.amazonaws.bedrock#ThrottlingException".
        int hash = name.lastIndexOf('#');
        if (hash >= 0) name = name.substring(hash + 1);
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** When Bedrock sends no x-amzn-ErrorType, its service model's statuses identify the exception. */
    private static @Nullable Kind kindOfStatus(int status) {
        return switch (status) {
            case 400, 413 -> Kind.VALIDATION;
            case 403 -> Kind.ACCESS_DENIED;
            case 404 -> Kind.NOT_FOUND;
            case 408 -> Kind.MODEL_TIMEOUT;
            case 424 -> Kind.MODEL_ERROR;
            case 429 -> Kind.THROTTLING;
            case 500 -> Kind.INTERNAL;
            case 503 -> Kind.UNAVAILABLE;
            default -> null;
        };
    }

    private static String text(@Nullable String message, String fallback) {
        return message == null || message.isBlank() ? fallback : AccountRedactor.redact(message.trim());
    }
}
