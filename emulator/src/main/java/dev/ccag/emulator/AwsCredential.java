package dev.ccag.emulator;

import java.util.Objects;

/**
 * An access key the emulator accepts for SigV4. A non-null {@code sessionToken} must then be sent
 * as {@code x-amz-security-token}; a null one accepts any token (or none).
 */
public record AwsCredential(String accessKeyId, String secretAccessKey, String sessionToken) {
    public AwsCredential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    public AwsCredential(String accessKeyId, String secretAccessKey) {
        this(accessKeyId, secretAccessKey, null);
    }
}
