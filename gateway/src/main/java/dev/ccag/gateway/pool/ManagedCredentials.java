package dev.ccag.gateway.pool;

import java.util.List;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The AWS credentials provider of one endpoint, with what must be closed when the endpoint is
 * replaced (an assumed role owns an STS client and a refresh thread). All providers are the SDK's.
 */
public record ManagedCredentials(AwsCredentialsProvider provider, List<AutoCloseable> resources) implements AutoCloseable {

    public static ManagedCredentials build(CredentialsSpec c, String region) {
        return switch (c.type()) {
            case CredentialsSpec.DEFAULT -> new ManagedCredentials(DefaultCredentialsProvider.builder().build(), List.of());
            case CredentialsSpec.PROFILE -> new ManagedCredentials(ProfileCredentialsProvider.create(c.profile()), List.of());
            case CredentialsSpec.STATIC -> new ManagedCredentials(StaticCredentialsProvider.create(c.sessionToken() == null
                    ? AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())
                    : AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())), List.of());
            case CredentialsSpec.ASSUME_ROLE -> {
                StsClient sts = StsClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(c.profile() != null ? ProfileCredentialsProvider.create(c.profile())
                                : DefaultCredentialsProvider.builder().build())
                        .build();
                // The SDK provider refreshes the session in the background before it expires.
                StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(sts)
                        .asyncCredentialUpdateEnabled(true)
                        .refreshRequest(r -> {
                            r.roleArn(c.roleArn()).roleSessionName(c.roleSessionName());
                            if (c.externalId() != null) r.externalId(c.externalId());
                        })
                        .build();
                yield new ManagedCredentials(provider, List.of(provider, sts));
            }
            default -> throw new IllegalArgumentException("unknown credentials type " + c.type());
        };
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(ManagedCredentials.class).debug("closing endpoint credentials: {}", e.toString());
            }
        }
    }
}
