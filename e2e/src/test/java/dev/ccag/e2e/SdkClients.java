package dev.ccag.e2e;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;

/** Official Anthropic Java SDK clients pointed at a {@link GatewayStack}. */
final class SdkClients {
    /** A model every catalog knows, on both sides of the gateway. */
    static final String MODEL = "claude-sonnet-4-5-20250929";

    private SdkClients() {}

    /** Sends the key as {@code x-api-key}. Retries are off so each error reaches the test as it was sent. */
    static AnthropicClient withApiKey(GatewayStack stack, String key) {
        return AnthropicOkHttpClient.builder().baseUrl(stack.baseUrl()).apiKey(key).maxRetries(0).build();
    }

    /** Sends the key as {@code Authorization: Bearer}, the way ANTHROPIC_AUTH_TOKEN users do. */
    static AnthropicClient withAuthToken(GatewayStack stack, String key) {
        return AnthropicOkHttpClient.builder().baseUrl(stack.baseUrl()).authToken(key).maxRetries(0).build();
    }
}
