package dev.ccag.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.emulator.BedrockEmulator;
import dev.ccag.gateway.keys.ApiKeyFormat;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The ledger's promise under a crash: load through a gateway running as its own OS process, the
 * process killed with SIGKILL mid-way, restarted on the same data dir and database; every request
 * the client saw fully answered must then have exactly one usage record. Runs on the PostgreSQL of
 * {@code CCAG_TEST_POSTGRES_URL} when set (required when {@code CCAG_REQUIRE_POSTGRES=1}), else on
 * the default H2 file database (read after the gateway has stopped, since H2 files have one owner).
 */
class LedgerDurabilityE2eTest {
    private static final String JAR = "gateway/target/ccag-gateway-0.1.0-SNAPSHOT-exec.jar";
    private static final int CLIENTS = 16;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String key = ApiKeyFormat.generate();

    @Test
    void everyAnsweredRequestHasExactlyOneRecordAfterKillDashNine() throws Exception {
        Path data = Files.createTempDirectory("ccag-ledger-e2e-");
        String databaseUrl = databaseUrl(data);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        try (BedrockEmulator emulator = BedrockEmulator.start()) {
            // 1. load, and SIGKILL once a good part of it has been answered
            Gateway first = Gateway.start(emulator, data, databaseUrl, key);
            AtomicInteger failed = new AtomicInteger();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    clients.submit(() -> drive(first.base, client, 10_000, answered, failed));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (answered.size() < 150 && System.nanoTime() < deadline) Thread.sleep(5);
                first.kill(); // SIGKILL: no shutdown hook, no drain, requests in flight cut off
                clients.shutdown();
                assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            int beforeKill = answered.size();
            assertThat(beforeKill).as("answered before the kill").isGreaterThanOrEqualTo(150);
            assertThat(failed.get()).as("requests cut off by the kill").isPositive();

            // 2. restart on the same data dir and database: the spool is replayed; then more load
            Gateway second = Gateway.start(emulator, data, databaseUrl, key);
            try {
                AtomicInteger failedAfter = new AtomicInteger();
                try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int c = 0; c < 4; c++) {
                        int client = c;
                        clients.submit(() -> drive(second.base, client, 10, answered, failedAfter));
                    }
                }
                assertThat(failedAfter.get()).isZero();
                if (databaseUrl.startsWith("jdbc:postgresql:")) {
                    // while it runs: the replayed records arrive without any help from a graceful shutdown
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (missing(databaseUrl, answered).size() > 0 && System.nanoTime() < deadline) Thread.sleep(100);
                }
            } finally {
                second.stop();
            }
        }
        assertThat(answered.size()).isGreaterThan(150);
        System.out.printf("ledger durability (%s): %d answered, %d usage records%n",
                databaseUrl.startsWith("jdbc:h2:") ? "H2" : "PostgreSQL", answered.size(), recordCount(databaseUrl));
        assertThat(missing(databaseUrl, answered)).as("answered requests without a usage record").isEmpty();
        assertThat(recordCount(databaseUrl)).as("one record per request id; requests cut off may have one too")
                .isGreaterThanOrEqualTo(answered.size());
        // the database does not enforce it (decision 0016): the replay from the stored spool position does
        assertThat(count(databaseUrl, "select count(*) - count(distinct request_id) from usage_records"))
                .as("request ids stored more than once").isZero();
        deleteTree(data); // kept when an assertion failed: the gateway logs are in it
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One client: sequential requests (alternating streaming and not) until it fails or has sent {@code max}. */
    private void drive(URI base, int client, int max, Set<String> answered, AtomicInteger failed) {
        for (int i = 0; i < max; i++) {
            boolean stream = (i + client) % 2 == 0;
            String body = """
                    {"model":"claude-sonnet-4-6","max_tokens":64,"stream":%s,
                     "messages":[{"role":"user","content":"[[emu:chunks 8]] [[emu:pace 3]] client %d request %d"}]}"""
                    .formatted(stream, client, i);
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/messages")).timeout(Duration.ofSeconds(30))
                    .header("content-type", "application/json").header("anthropic-version", "2023-06-01").header("x-api-key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                boolean complete = r.statusCode() == 200
                        && (stream ? r.body().contains("event: message_stop") : r.body().contains("\"usage\""));
                if (!complete) {
                    failed.incrementAndGet();
                    return;
                }
                answered.add(r.headers().firstValue("request-id").orElseThrow());
            } catch (IOException e) {
                failed.incrementAndGet(); // the connection died with the gateway: not answered
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Set<String> missing(String url, Set<String> requestIds) throws Exception {
        Set<String> stored = new HashSet<>();
        try (Connection c = connect(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select request_id from usage_records")) {
            while (rs.next()) stored.add(rs.getString(1));
        }
        Set<String> missing = new HashSet<>(requestIds);
        missing.removeAll(stored);
        return missing;
    }

    private static long recordCount(String url) throws Exception {
        return count(url, "select count(*) from usage_records");
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = connect(url); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(String url) throws Exception {
        return url.startsWith("jdbc:h2:") ? DriverManager.getConnection(url, "ccag", "") : DriverManager.getConnection(url);
    }

    /** A schema of its own on the test PostgreSQL, or the gateway's default H2 file in the data dir. */
    private static String databaseUrl(Path data) throws Exception {
        String pg = System.getenv("CCAG_TEST_POSTGRES_URL");
        if (pg == null || pg.isBlank()) {
            if ("1".equals(System.getenv("CCAG_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("CCAG_REQUIRE_POSTGRES=1 but CCAG_TEST_POSTGRES_URL is not set");
            }
            // DB_CLOSE_ON_EXIT=FALSE: otherwise H2's own shutdown hook closes the database before the usage
            // writer's graceful drain, and the last records wait in the spool for the next start.
            return "jdbc:h2:file:" + data.resolve("ccag") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(pg); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        return pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The gateway as a separate JVM: the packaged jar when it has been built, else this test's class path. */
    static final class Gateway {
        final Process process;
        final URI base;

        private Gateway(Process process, URI base) {
            this.process = process;
            this.base = base;
        }

        static Gateway start(BedrockEmulator emulator, Path data, String databaseUrl, String key) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
            Path jar = Path.of(System.getProperty("ccag.e2e.dir", "."), "..", JAR).normalize();
            if (Files.isRegularFile(jar)) {
                command.addAll(List.of("-jar", jar.toString()));
            } else {
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.ccag.gateway.GatewayApplication"));
            }
            command.addAll(List.of(
                    "--server.port=" + port,
                    "--server.address=127.0.0.1",
                    "--CCAG_CONFIG=" + data.resolve("no-operator-config.yaml"),
                    "--ccag.data-dir=" + data,
                    "--ccag.auth.bootstrap-key=" + key,
                    "--ccag.access-log=false",
                    "--spring.datasource.url=" + databaseUrl,
                    "--ccag.bedrock.endpoints[0].name=emulator",
                    "--ccag.bedrock.endpoints[0].region=us-east-1",
                    "--ccag.bedrock.endpoints[0].endpoint-url=" + emulator.endpoint(),
                    "--ccag.bedrock.endpoints[0].credentials.type=static",
                    "--ccag.bedrock.endpoints[0].credentials.access-key-id=" + emulator.accessKeyId(),
                    "--ccag.bedrock.endpoints[0].credentials.secret-access-key=" + emulator.secretAccessKey()));
            Path log = data.resolve("gateway-" + System.nanoTime() + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Gateway gateway = new Gateway(process, URI.create("http://127.0.0.1:" + port));
            gateway.awaitReady(log);
            return gateway;
        }

        private void awaitReady(Path log) throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) throw new AssertionError("gateway exited during start-up:\n" + Files.readString(log));
                try {
                    var r = http.send(HttpRequest.newBuilder(base.resolve("/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) return;
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            process.destroyForcibly();
            throw new AssertionError("gateway not ready within 120 s:\n" + Files.readString(log));
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(30, TimeUnit.SECONDS);
        }

        /** SIGTERM: the graceful shutdown, which drains the spool. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
