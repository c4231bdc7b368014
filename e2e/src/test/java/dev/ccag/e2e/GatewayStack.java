package dev.ccag.e2e;

import dev.ccag.emulator.BedrockEmulator;
import dev.ccag.gateway.GatewayApplication;
import dev.ccag.gateway.keys.ApiKeyFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The system under test, in-process: a {@link BedrockEmulator} and the CCAG gateway in front of it,
 * both on free loopback ports, with a freshly generated bootstrap key and a throwaway data dir.
 */
public final class GatewayStack implements AutoCloseable {
    /** The region the gateway is told its one endpoint lives in; the emulator accepts any. */
    public static final String REGION = "us-east-1";

    private final BedrockEmulator emulator;
    private final ConfigurableApplicationContext gateway;
    private final String key;
    private final Path dataDir;
    private final int port;

    private GatewayStack(BedrockEmulator emulator, ConfigurableApplicationContext gateway, String key, Path dataDir) {
        this.emulator = emulator;
        this.gateway = gateway;
        this.key = key;
        this.dataDir = dataDir;
        this.port = Integer.parseInt(gateway.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public static GatewayStack start() {
        return start(new String[0]);
    }

    /** @param extraArguments further gateway settings, as {@code --key=value} */
    public static GatewayStack start(String... extraArguments) {
        BedrockEmulator emulator = BedrockEmulator.start();
        Path dataDir = null;
        try {
            dataDir = Files.createTempDirectory("ccag-e2e-data-");
            String key = ApiKeyFormat.generate();
            ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
                    // Command-line arguments, not default properties: application.yml sets server.port
                    // and would win over defaults.
                    .run(java.util.stream.Stream.concat(java.util.Arrays.stream(gatewayArguments(emulator, key, dataDir)),
                            java.util.Arrays.stream(extraArguments)).toArray(String[]::new));
            return new GatewayStack(emulator, gateway, key, dataDir);
        } catch (IOException e) {
            emulator.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            emulator.close();
            deleteQuietly(dataDir);
            throw e;
        }
    }

    static String[] gatewayArguments(BedrockEmulator emulator, String key, Path dataDir) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                // An operator's ./ccag.yaml in a developer checkout must not leak into the tests:
                // point the optional config import at a file that does not exist.
                "--CCAG_CONFIG=" + dataDir.resolve("no-operator-config.yaml"),
                "--ccag.data-dir=" + dataDir,
                "--ccag.auth.bootstrap-key=" + key,
                "--ccag.bedrock.endpoints[0].name=emulator",
                "--ccag.bedrock.endpoints[0].region=" + REGION,
                "--ccag.bedrock.endpoints[0].endpoint-url=" + emulator.endpoint(),
                "--ccag.bedrock.endpoints[0].credentials.type=static",
                "--ccag.bedrock.endpoints[0].credentials.access-key-id=" + emulator.accessKeyId(),
                "--ccag.bedrock.endpoints[0].credentials.secret-access-key=" + emulator.secretAccessKey()));
        return args.toArray(String[]::new);
    }

    /** The gateway's base URL, to use as {@code ANTHROPIC_BASE_URL} or the SDK's base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A key the gateway accepts (its bootstrap key). */
    public String key() {
        return key;
    }

    public BedrockEmulator emulator() {
        return emulator;
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            emulator.close();
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
