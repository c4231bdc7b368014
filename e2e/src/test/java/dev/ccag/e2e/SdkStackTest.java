package dev.ccag.e2e;

import com.anthropic.client.AnthropicClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** One gateway stack per test class, an SDK client with its key, and a fresh emulator before each test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SdkStackTest {
    GatewayStack stack;
    AnthropicClient client;

    @BeforeAll
    void startStack() {
        stack = GatewayStack.start();
        client = SdkClients.withApiKey(stack, stack.key());
    }

    @AfterAll
    void stopStack() {
        if (client != null) client.close();
        if (stack != null) stack.close();
    }

    @BeforeEach
    void resetEmulator() {
        stack.emulator().reset();
    }
}
