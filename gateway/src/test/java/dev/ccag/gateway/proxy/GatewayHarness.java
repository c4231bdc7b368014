package dev.ccag.gateway.proxy;

import dev.ccag.emulator.BedrockEmulator;
import dev.ccag.gateway.admin.AdminHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.context.ConfigurableApplicationContext;

/** A real gateway (random port) in front of a real emulator, for tests that speak HTTP to both. */
final class GatewayHarness implements AutoCloseable {
    static final String KEY = "sk-ccag-test-key-0123456789abcdefghij";

    final BedrockEmulator emulator;
    final ConfigurableApplicationContext gateway;
    final URI base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final AdminHarness harness;

    GatewayHarness(String... extraProperties) throws Exception {
        harness = new AdminHarness(null, KEY, extraProperties); // the default H2 database in a fresh data dir
        emulator = harness.emulator;
        gateway = harness.gateway;
        base = harness.base;
    }

    HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("x-api-key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String message(String model, String text, boolean stream) {
        return """
                {"model":"%s","max_tokens":256,"stream":%s,"messages":[{"role":"user","content":"%s"}]}"""
                .formatted(model, stream, text.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    @Override
    public void close() {
        harness.close();
    }
}
