package dev.ccag.emulator;

import java.util.Map;

/** The fault names of {@code [[emu:fault NAME]]}, {@code [[emu:midstream NAME]]} and the control API. */
final class Faults {
    private Faults() {}

    private static final Map<String, BedrockException> INITIAL = Map.ofEntries(
            Map.entry("throttling", BedrockError.THROTTLING.with("Too many requests, please wait before trying again.")),
            Map.entry("service-unavailable", BedrockError.SERVICE_UNAVAILABLE.with("Bedrock is unable to process your request.")),
            Map.entry("internal", BedrockError.INTERNAL_SERVER.with("The server encountered an internal error while processing the request.")),
            Map.entry("model-timeout", BedrockError.MODEL_TIMEOUT.with("Model has timed out in processing the request. Try your request again.")),
            Map.entry("model-not-ready", BedrockError.MODEL_NOT_READY.with("Model is not ready to serve inference requests. The AWS SDK will automatically retry the operation up to 5 times.")),
            Map.entry("quota", BedrockError.SERVICE_QUOTA_EXCEEDED.with("Your request exceeded the service quota for this model.")),
            Map.entry("access-denied", BedrockError.ACCESS_DENIED.with("You don't have access to the model with the specified model ID.")),
            Map.entry("validation", BedrockError.VALIDATION.with("The emulator was told to reject this request (fault validation).")),
            Map.entry("model-error", BedrockError.MODEL_ERROR.with("The model returned an error. Try your request again.")),
            Map.entry("model-stream-error", BedrockError.MODEL_ERROR.with("The model returned an error. Try your request again.")),
            Map.entry("too-long", BedrockError.VALIDATION.with("Input is too long for requested model.")));

    private static final Map<String, BedrockException> MIDSTREAM = Map.of(
            "throttling", BedrockError.THROTTLING.with("Too many requests, please wait before trying again."),
            "model-stream-error", BedrockError.MODEL_STREAM_ERROR.with("Model stream error: the model stopped producing output."),
            "internal", BedrockError.INTERNAL_SERVER.with("The server encountered an internal error while processing the request."),
            "model-timeout", BedrockError.MODEL_TIMEOUT.with("Model has timed out in processing the request. Try your request again."),
            "service-unavailable", BedrockError.SERVICE_UNAVAILABLE.with("Bedrock is unable to process your request."),
            "validation", BedrockError.VALIDATION.with("The emulator was told to fail this stream (fault validation)."));

    /** The error sent instead of a response. */
    static BedrockException initial(String name) {
        BedrockException e = INITIAL.get(name);
        if (e == null) throw BedrockException.validation("Unknown emulator fault '" + name + "'; known: " + INITIAL.keySet());
        return e;
    }

    /** The error sent as an exception frame after the stream has begun. */
    static BedrockException midstream(String name) {
        BedrockException e = MIDSTREAM.get(name);
        if (e == null) throw BedrockException.validation("Unknown emulator midstream fault '" + name + "'; known: " + MIDSTREAM.keySet());
        return e;
    }

    static boolean isKnown(String name, boolean midstream) {
        return midstream ? MIDSTREAM.containsKey(name) : INITIAL.containsKey(name);
    }
}
