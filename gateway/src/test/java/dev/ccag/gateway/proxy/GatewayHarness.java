package dev.ccag.gateway.proxy;

import dev.ccag.emulator.BedrockEmulator;
import dev.ccag.gateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A real gateway (random port) in front of a real emulator, for tests that speak HTTP to both. */
final class GatewayHarness implements AutoCloseable {
    static final String KEY = "sk-ccag-test-key-0123456789abcdefghij";

    final BedrockEmulator emulator;
    final ConfigurableApplicationContext gateway;
    final URI base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayHarness(String... extraProperties) throws Exception {
        emulator = BedrockEmulator.start();
        Path data = Files.createTempDirectory("ccag-test-data");
        List<String> props = new ArrayList<>(List.of(
                "server.port=0",
                "spring.config.import=optional:file:" + data.resolve("none.yaml"),
                "ccag.data-dir=" + data,
                "ccag.auth.bootstrap-key=" + KEY,
                "ccag.bedrock.endpoints[0].name=emulator",
                "ccag.bedrock.endpoints[0].region=us-east-1",
                "ccag.bedrock.endpoints[0].endpoint-url=" + emulator.endpoint(),
                "ccag.bedrock.endpoints[0].credentials.type=static",
                "ccag.bedrock.endpoints[0].credentials.access-key-id=" + emulator.accessKeyId(),
                "ccag.bedrock.endpoints[0].credentials.secret-access-key=" + emulator.secretAccessKey()));
        props.addAll(List.of(extraProperties));
        // as command-line arguments: they outrank application.yml (default properties would not)
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run(props.stream().map(p -> "--" + p).toArray(String[]::new));
        int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
        base = URI.create("http://127.0.0.1:" + port);
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
        gateway.close();
        emulator.close();
    }
}
