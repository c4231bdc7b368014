package dev.ccag.gateway.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * What admission needs to know about one request; built by the proxy from the principal and the body.
 *
 * @param keyRpm          the key's own requests per minute (null = none of its own)
 * @param keyTpm          the key's own tokens per minute, input and output together (null = none)
 * @param inputEstimate   input tokens reserved until the real count is known
 * @param outputEstimate  output tokens reserved (the request's {@code max_tokens})
 * @param budgetRpm       requests per minute for the key while a budget's throttle action is in force (null = none)
 * @param budgetName      the budget whose throttle that is, named in the refusal
 */
public record AdmissionRequest(String keyId, @Nullable String userId, @Nullable String teamId, @Nullable String model,
        @Nullable Integer keyRpm, @Nullable Integer keyTpm, long inputEstimate, long outputEstimate,
        @Nullable Integer budgetRpm, @Nullable String budgetName) {

    public AdmissionRequest(String keyId, @Nullable String userId, @Nullable String teamId, @Nullable String model,
            @Nullable Integer keyRpm, @Nullable Integer keyTpm, long inputEstimate, long outputEstimate) {
        this(keyId, userId, teamId, model, keyRpm, keyTpm, inputEstimate, outputEstimate, null, null);
    }
}
