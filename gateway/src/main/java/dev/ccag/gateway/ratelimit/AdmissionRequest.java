package dev.ccag.gateway.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * What admission needs to know about one request; built by the proxy from the principal and the body.
 *
 * @param keyRpm          the key's own requests per minute (null = none of its own)
 * @param keyTpm          the key's own tokens per minute, input and output together (null = none)
 * @param inputEstimate   input tokens reserved until the real count is known
 * @param outputEstimate  output tokens reserved (the request's {@code max_tokens})
 */
public record AdmissionRequest(String keyId, @Nullable String userId, @Nullable String teamId, @Nullable String model,
        @Nullable Integer keyRpm, @Nullable Integer keyTpm, long inputEstimate, long outputEstimate) {}
