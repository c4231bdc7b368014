package dev.ccag.gateway.ratelimit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away {@code redis-server} on a free loopback port, without persistence. When the binary is
 * missing the test is skipped, unless {@code CCAG_REQUIRE_REDIS=1}, where it fails.
 */
public final class RedisServer implements AutoCloseable {
    private final Process process;
    public final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServer start() throws Exception {
        String binary = find();
        if (binary == null) {
            if ("1".equals(System.getenv("CCAG_REQUIRE_REDIS"))) {
                throw new IllegalStateException("CCAG_REQUIRE_REDIS=1 but neither redis-server nor valkey-server is installed");
            }
            Assumptions.abort("redis-server not installed");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "yes")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RedisServer server = new RedisServer(p, port);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.ping()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            Thread.sleep(50);
        }
        return server;
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    private boolean ping() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[7];
            int n = s.getInputStream().read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : new String[] {"redis-server", "valkey-server"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) return candidate.toString();
            }
        }
        return null;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
