package dev.ccag.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Runs the Bedrock emulator on its own (a test and demo tool, NOT Amazon Bedrock):
 * {@code java -jar ccag-emulator-…-exec.jar --server.port=4000}.
 *
 * <p>Spring Boot only loads configuration here (command line, environment, {@code ccag-emulator.yaml});
 * the server is the same lean embedded Tomcat that {@link BedrockEmulator#start} runs in tests. This
 * class is deliberately not a {@code @Configuration}, so no other application's component scan can
 * pick it up.
 */
public final class EmulatorApplication {
    static final int DEFAULT_PORT = 4000;

    private EmulatorApplication() {}

    public static void main(String[] args) throws InterruptedException {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EmulatorApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties("spring.config.name=ccag-emulator")
                .run(args);
        BedrockEmulator emulator = BedrockEmulator.start(settings(context.getEnvironment()));
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "ccag-emulator-shutdown"));
        new CountDownLatch(1).await(); // Tomcat's threads are daemons: keep the JVM alive until it is stopped
    }

    /** The {@code emulator.*} properties (and {@code server.port}) as settings; every key documented in emulator/README.md. */
    static EmulatorSettings settings(Environment env) {
        Binder binder = Binder.get(env);
        EmulatorSettings d = EmulatorSettings.defaults();
        List<AwsCredential> credentials = binder.bind("emulator.credentials", Bindable.listOf(CredentialProperties.class))
                .map(list -> list.stream().map(CredentialProperties::toCredential).toList())
                .orElse(d.credentials());
        return new EmulatorSettings(
                binder.bind("emulator.bind-address", String.class).orElse(d.bindAddress()),
                binder.bind("server.port", Integer.class).orElse(DEFAULT_PORT),
                binder.bind("emulator.sigv4.enabled", Boolean.class).orElse(true),
                credentials,
                binder.bind("emulator.bearer-keys", Bindable.listOf(String.class)).orElse(List.of()),
                binder.bind("emulator.max-clock-skew", Duration.class).orElse(d.maxClockSkew()),
                binder.bind("emulator.stream.chunks", Integer.class).orElse(d.streamChunks()),
                binder.bind("emulator.stream.pace-ms", Long.class).orElse(d.streamPaceMs()),
                binder.bind("emulator.reply.words", Integer.class).orElse(d.replyWords()),
                binder.bind("emulator.request-log-size", Integer.class).orElse(d.requestLogSize()),
                binder.bind("emulator.application-profile-model", String.class).orElse(d.applicationProfileModel()),
                binder.bind("emulator.application-profiles", Bindable.mapOf(String.class, String.class)).orElse(Map.of()),
                binder.bind("emulator.models-file", Path.class).orElse(null),
                binder.bind("emulator.thinking-key", String.class).orElse(d.thinkingKey()));
    }

    /** One entry of {@code emulator.credentials}. */
    record CredentialProperties(String accessKeyId, String secretAccessKey, String sessionToken) {
        AwsCredential toCredential() {
            if (accessKeyId == null || secretAccessKey == null) {
                throw new IllegalArgumentException("emulator.credentials[]: access-key-id and secret-access-key are required");
            }
            return new AwsCredential(accessKeyId, secretAccessKey, sessionToken);
        }
    }
}
