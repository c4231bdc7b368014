package dev.ccag.emulator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** Real AWS SDK clients pointed at an emulator, without retries so every fault reaches the test. */
final class SdkClients {
    private SdkClients() {}

    static BedrockRuntimeClient sync(BedrockEmulator emulator) {
        return sync(emulator, AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey()));
    }

    static BedrockRuntimeClient sync(BedrockEmulator emulator, AwsCredentials credentials) {
        return BedrockRuntimeClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static BedrockRuntimeAsyncClient async(BedrockEmulator emulator) {
        return BedrockRuntimeAsyncClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey())))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A minimal valid InvokeModel body whose user message says {@code text}. */
    static SdkBytes body(String text) {
        return SdkBytes.fromUtf8String(json(text));
    }

    static String json(String text) {
        return Json.MAPPER.createObjectNode()
                .put("anthropic_version", "bedrock-2023-05-31")
                .put("max_tokens", 256)
                .set("messages", Json.MAPPER.createArrayNode().add(
                        Json.MAPPER.createObjectNode().put("role", "user").put("content", text)))
                .toString();
    }
}
