package dev.ccag.gateway.bedrock;

import dev.ccag.gateway.config.CcagProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** Builds the AWS credentials of an endpoint from its configuration. All of them are the SDK's own providers. */
public final class CredentialsProviders {
    private CredentialsProviders() {}

    /** @param key the configuration key of this endpoint's credentials, for error messages */
    public static AwsCredentialsProvider from(CcagProperties.Credentials c, String region, String key) {
        String type = c.type() == null ? "default" : c.type().trim().toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "default" -> DefaultCredentialsProvider.builder().build();
            case "profile" -> ProfileCredentialsProvider.create(require(c.profile(), key + ".profile"));
            case "static" -> {
                String id = require(c.accessKeyId(), key + ".access-key-id");
                String secret = require(c.secretAccessKey(), key + ".secret-access-key");
                yield StaticCredentialsProvider.create(c.sessionToken() == null || c.sessionToken().isBlank()
                        ? AwsBasicCredentials.create(id, secret)
                        : AwsSessionCredentials.create(id, secret, c.sessionToken()));
            }
            case "assume-role" -> {
                String roleArn = require(c.roleArn(), key + ".role-arn");
                StsClient sts = StsClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(c.profile() != null && !c.profile().isBlank()
                                ? ProfileCredentialsProvider.create(c.profile())
                                : DefaultCredentialsProvider.builder().build())
                        .build();
                // The SDK provider refreshes the session in the background before it expires.
                yield StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(sts)
                        .asyncCredentialUpdateEnabled(true)
                        .refreshRequest(r -> {
                            r.roleArn(roleArn).roleSessionName(c.roleSessionName());
                            if (c.externalId() != null && !c.externalId().isBlank()) r.externalId(c.externalId());
                        })
                        .build();
            }
            default -> throw new IllegalArgumentException(key + ".type: unknown credentials type '" + c.type()
                    + "' (use default, profile, static or assume-role)");
        };
    }

    private static String require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required for this credentials type");
        }
        return value;
    }
}
