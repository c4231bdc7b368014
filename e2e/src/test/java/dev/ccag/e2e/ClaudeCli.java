package dev.ccag.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the real Claude Code CLI (pinned in {@code e2e/package.json}) as a subprocess against a gateway.
 *
 * <p>The child gets a built-from-scratch environment: a fresh temporary {@code HOME} and working
 * directory, the gateway URL and key, and the switches that keep it off the network. Nothing is
 * inherited from the test JVM's environment, so a developer's real Anthropic or AWS credentials can
 * never reach the CLI. As a second guard, any non-loopback connection the CLI might still attempt
 * goes to an HTTP(S) proxy on a loopback port where nothing listens.
 */
public final class ClaudeCli {
    /** Overrides where the binary is looked for. */
    public static final String BINARY_ENV = "CCAG_CLAUDE_BIN";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    static final String INSTALL_HINT = "Install the pinned Claude Code CLI with `cd e2e && npm ci` "
            + "(the ./ccag test script and CI do this; install scripts must be allowed, the package's postinstall "
            + "puts the native binary in place), or point " + BINARY_ENV + " at a claude 2.1.328 binary.";

    /** Port 9 (discard) on loopback: nothing listens there, so a stray proxied connection fails at once. */
    private static final String DEAD_PROXY = "http://127.0.0.1:9";

    private final Path binary;

    private ClaudeCli(Path binary) {
        this.binary = binary;
    }

    /**
     * Finds the CLI or fails the calling test with instructions. A missing CLI must fail loudly:
     * silently skipping would let CI go green without ever having talked to the real client.
     */
    public static ClaudeCli locate() {
        return at(binaryPath());
    }

    static ClaudeCli at(Path binary) {
        if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
            throw new AssertionError("Claude Code CLI not found at " + binary + ". " + INSTALL_HINT);
        }
        return new ClaudeCli(binary);
    }

    static Path binaryPath() {
        String override = System.getenv(BINARY_ENV);
        if (override != null && !override.isBlank()) return Path.of(override);
        String moduleDir = System.getProperty("ccag.e2e.dir");
        Path base = moduleDir != null ? Path.of(moduleDir) : Path.of("").toAbsolutePath();
        return base.resolve("node_modules/.bin/claude");
    }

    public Path binary() {
        return binary;
    }

    /** Starts describing one run against {@code baseUrl}, authenticated with {@code key}. */
    public Run against(String baseUrl, String key) {
        return new Run(baseUrl, key);
    }

    /** How the key is presented: {@code x-api-key} or {@code Authorization: Bearer}. */
    public enum Auth {
        API_KEY("ANTHROPIC_API_KEY"),
        AUTH_TOKEN("ANTHROPIC_AUTH_TOKEN");

        final String variable;

        Auth(String variable) {
            this.variable = variable;
        }
    }

    /** One CLI invocation being put together; {@link #exec} runs it. */
    public final class Run {
        private final String baseUrl;
        private final String key;
        private Auth auth = Auth.AUTH_TOKEN;
        private final Map<String, String> extraEnv = new LinkedHashMap<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private final List<String> filesToCollect = new ArrayList<>();

        private Run(String baseUrl, String key) {
            this.baseUrl = baseUrl;
            this.key = key;
        }

        public Run auth(Auth auth) {
            this.auth = auth;
            return this;
        }

        public Run env(String name, String value) {
            extraEnv.put(name, value);
            return this;
        }

        public Run timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Keeps the text of a file the CLI writes under its HOME (e.g. a cache), read before HOME is deleted. */
        public Run collect(String pathUnderHome) {
            filesToCollect.add(pathUnderHome);
            return this;
        }

        /** Runs {@code claude <args>} to completion (or until the timeout, which kills it). */
        public Result exec(String... args) {
            Path home = null;
            try {
                home = Files.createTempDirectory("ccag-e2e-claude-home-");
                Path workDir = Files.createDirectories(home.resolve("work"));
                Path stdout = home.resolve("stdout.txt");
                Path stderr = home.resolve("stderr.txt");
                List<String> command = new ArrayList<>();
                command.add(binary.toString());
                command.addAll(List.of(args));
                ProcessBuilder pb = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile());
                Map<String, String> env = pb.environment();
                env.clear();
                env.putAll(environment(home));
                long started = System.nanoTime();
                Process process = pb.start();
                boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                Map<String, String> collected = new LinkedHashMap<>();
                for (String path : filesToCollect) {
                    Path file = home.resolve(path);
                    if (Files.isRegularFile(file)) collected.put(path, Files.readString(file, StandardCharsets.UTF_8));
                }
                return new Result(finished ? process.exitValue() : -1, !finished, elapsed,
                        Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8),
                        Map.copyOf(collected));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running claude", e);
            } finally {
                deleteQuietly(home);
            }
        }

        Map<String, String> environment(Path home) {
            Map<String, String> env = new LinkedHashMap<>();
            // The Bash tool needs a shell and coreutils; nothing user-specific is on this PATH.
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("HOME", home.toString());
            env.put("TERM", "dumb");
            env.put("LANG", "C.UTF-8");
            env.put("ANTHROPIC_BASE_URL", baseUrl);
            env.put(auth.variable, key);
            env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
            env.put("DISABLE_AUTOUPDATER", "1");
            env.put("DISABLE_TELEMETRY", "1");
            env.put("DISABLE_ERROR_REPORTING", "1");
            env.put("HTTPS_PROXY", DEAD_PROXY);
            env.put("HTTP_PROXY", DEAD_PROXY);
            env.put("https_proxy", DEAD_PROXY);
            env.put("http_proxy", DEAD_PROXY);
            env.put("NO_PROXY", "127.0.0.1,localhost");
            env.put("no_proxy", "127.0.0.1,localhost");
            // Errors are retried 10 times by default with growing back-off; tests that want retries say so.
            env.put("CLAUDE_CODE_MAX_RETRIES", "2");
            env.putAll(extraEnv);
            return env;
        }
    }

    /**
     * What one run produced. {@code exitCode} is -1 when the run was killed for exceeding its timeout;
     * {@code files} holds the {@link Run#collect collected} files that existed, by their path under HOME.
     */
    public record Result(int exitCode, boolean timedOut, Duration elapsed, String stdout, String stderr, Map<String, String> files) {
        /** A summary for assertion messages. */
        public String describe() {
            return "exit=" + exitCode + (timedOut ? " (TIMED OUT)" : "") + " after " + elapsed.toMillis() + " ms\n--- stdout ---\n"
                    + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
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
