package dev.ccag.gateway.bedrock;

import dev.ccag.emulator.BedrockEmulator;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The Bedrock leg of a small non-streaming request timed alone: {@link BedrockHttpClient#send} plus
 * reading the answer, against the emulator in this JVM, from a platform thread and from a virtual
 * thread. Run with {@code ./mvnw -q -B -pl gateway test -Dtest=BedrockLegBenchmark -Dccag.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "ccag.bench", matches = "true")
class BedrockLegBenchmark {
    private static final int CALLS = Integer.getInteger("ccag.bench.calls", 20_000);
    private static final byte[] BODY = ("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}").getBytes(StandardCharsets.UTF_8);

    @Test
    void bedrockLegFromPlatformAndVirtualThreads() throws Exception {
        try (BedrockEmulator emulator = BedrockEmulator.start();
             BedrockHttpClient client = new BedrockHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(30), 64)) {
            BedrockEndpoint endpoint = new BedrockEndpoint("emulator", "us-east-1", emulator.endpoint(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey())),
                    new EndpointProfile("emulator", "us-east-1", null, Map.of()));
            System.out.println("\n| thread | calls | p50 µs | p90 µs | p99 µs |\n|---|---:|---:|---:|---:|");
            for (int round = 0; round < 2; round++) {
                report("platform", run(Thread.ofPlatform(), client, endpoint));
                report("virtual", run(Thread.ofVirtual(), client, endpoint));
            }
        }
    }

    private static long[] run(Thread.Builder builder, BedrockHttpClient client, BedrockEndpoint endpoint) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = builder.start(() -> {
            try {
                long[] nanos = new long[CALLS];
                for (int i = -CALLS / 2; i < CALLS; i++) { // the first half warms up
                    long start = System.nanoTime();
                    try (UpstreamResponse r = client.send(endpoint, BedrockOperation.INVOKE, "anthropic.claude-sonnet-4-5-20250929-v1:0", BODY)) {
                        if (r.status() != 200) throw new IllegalStateException("status " + r.status() + ": " + new String(r.readBody()));
                        r.readBody();
                    }
                    if (i >= 0) nanos[i] = System.nanoTime() - start;
                }
                result.set(nanos);
            } catch (Exception e) {
                result.set(e);
            }
        });
        t.join();
        if (result.get() instanceof Exception e) throw e;
        return (long[]) result.get();
    }

    private static void report(String label, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("| %s | %,d | %d | %d | %d |%n", label, sorted.length, sorted[sorted.length / 2] / 1000,
                sorted[sorted.length * 9 / 10] / 1000, sorted[sorted.length * 99 / 100] / 1000);
    }
}
