package dev.ccag.gateway.frontend;

import dev.ccag.gateway.proxy.ApiEntry;
import dev.ccag.gateway.server.PlatformFirstExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The gateway's listener on {@code server.port} (decision 0014). Each connection gets one thread for
 * its life (a platform thread while few are open, virtual beyond: {@link PlatformFirstExecutor}),
 * which serves Anthropic API calls itself and hands any other connection to Tomcat, which listens on
 * a loopback port of its own.
 *
 * <p>Started after Tomcat (whose port it needs) and stopped before Tomcat's graceful shutdown: it
 * stops accepting, closes connections waiting for a next request, and lets requests in flight finish
 * (up to {@code ccag.front-end.shutdown-timeout}). Connections already handed to Tomcat end with
 * Tomcat's own shutdown.
 */
public final class FrontEnd implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FrontEnd.class);
    /** After Tomcat's start (2147481599) and graceful-shutdown (2147482623) phases: started after, stopped before. */
    static final int PHASE = Integer.MAX_VALUE - 512;

    private final FrontEndProperties props;
    private final ApiEntry entry;
    private final InetAddress address;
    private final int port;
    private final IntSupplier tomcatPort;
    private final ConfigurableEnvironment environment;
    private final PlatformFirstExecutor threads;
    private final Set<Http1Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong movesToVirtual = new AtomicLong();
    private final AtomicLong movesToPlatform = new AtomicLong();
    private final Semaphore slots;
    private volatile ServerSocket server;
    private volatile ConnectionWatch watch;
    private volatile InetSocketAddress tomcat;
    private volatile boolean running;
    private volatile boolean stopping;

    /**
     * @param address where to listen (null: every interface), as {@code server.address}
     * @param port the public port, as {@code server.port} (0: any free port)
     * @param tomcatPort Tomcat's loopback port, known once Tomcat has started
     * @param platformThreads connections served on platform threads while no more are open
     */
    FrontEnd(FrontEndProperties props, ApiEntry entry, InetAddress address, int port, IntSupplier tomcatPort,
            ConfigurableEnvironment environment, int platformThreads) {
        this.props = props;
        this.entry = entry;
        this.address = address;
        this.port = port;
        this.tomcatPort = tomcatPort;
        this.environment = environment;
        this.threads = new PlatformFirstExecutor(platformThreads, "ccag-http");
        this.slots = new Semaphore(props.maxConnections());
    }

    @Override
    public void start() {
        try {
            tomcat = new InetSocketAddress(InetAddress.getLoopbackAddress(), tomcatPort.getAsInt());
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port), 1024);
            server = s;
        } catch (IOException e) {
            throw new IllegalStateException("the gateway could not listen on " + (address == null ? "*" : address.getHostAddress())
                    + ":" + port + " (server.port): " + e.getMessage(), e);
        }
        watch = new ConnectionWatch(open, props.readTimeout().compareTo(props.idleTimeout()) < 0 ? props.readTimeout() : props.idleTimeout());
        running = true;
        publishPorts(server.getLocalPort(), tomcat.getPort());
        Thread.ofPlatform().name("ccag-accept").daemon().start(this::accept);
        log.info("Listening on {}:{} (the Anthropic API; other paths go to Tomcat on {})",
                address == null ? "*" : address.getHostAddress(), server.getLocalPort(), tomcat);
    }

    /**
     * {@code local.server.port} names the port clients use, as it did when Tomcat listened there;
     * Tomcat's own port is {@code local.ccag.tomcat-port}.
     */
    private void publishPorts(int publicPort, int internalPort) {
        PropertySource<?> existing = environment.getPropertySources().get("server.ports");
        Map<String, Object> ports = new HashMap<>();
        if (existing instanceof MapPropertySource map) ports.putAll(map.getSource());
        ports.put("local.server.port", publicPort);
        ports.put("local.ccag.tomcat-port", internalPort);
        if (existing != null) {
            environment.getPropertySources().replace("server.ports", new MapPropertySource("server.ports", ports));
        } else {
            environment.getPropertySources().addFirst(new MapPropertySource("server.ports", ports));
        }
    }

    private void accept() {
        ServerSocket s = server;
        while (running) {
            Socket socket;
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                continue;
            }
            try {
                socket = s.accept();
            } catch (IOException e) {
                slots.release();
                if (running) log.warn("front end: accept failed: {}", e.toString());
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                Http1Connection connection = new Http1Connection(this, socket);
                open.add(connection);
                threads.execute(connection);
            } catch (IOException | RuntimeException e) {
                log.warn("front end: could not serve a connection: {}", e.toString());
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closed either way
                }
                slots.release();
            }
        }
    }

    /** Called by a connection's thread as it ends. */
    void closed(Http1Connection connection) {
        if (open.remove(connection)) slots.release();
    }

    /**
     * Between two requests: moves the connection to a virtual thread when more connections are open
     * than there are platform threads (platform threads mixed with busy virtual-thread carriers cost
     * throughput: 7 % fewer requests a second at concurrency 64 with four of them, BENCHMARKS.md
     * session 12), and to an idle platform thread when no more are open than there are of those (one
     * wake-up per socket wait: the lowest latency for a few connections, decision 0010).
     *
     * @return true when another thread now serves the connection; the caller's thread must let go of it
     */
    boolean moveThread(Http1Connection connection) {
        boolean virtual = Thread.currentThread().isVirtual();
        int n = open.size();
        if (!virtual && n > threads.platformThreads()) {
            if (!threads.executeVirtual(connection)) return false;
            movesToVirtual.incrementAndGet();
            return true;
        }
        if (virtual && n <= threads.platformThreads()) {
            if (!threads.tryPlatform(connection)) return false;
            movesToPlatform.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Connections moved to a virtual thread, and to a platform thread, so far (for tests). */
    long[] threadMoves() {
        return new long[] {movesToVirtual.get(), movesToPlatform.get()};
    }

    @Override
    public void stop() {
        if (!running) return;
        running = false;
        stopping = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closed either way
        }
        for (Http1Connection c : open) {
            if (!c.busy() && !c.spliced()) c.close(); // waiting for a next request: nothing to lose
        }
        long deadline = System.nanoTime() + props.shutdownTimeout().toNanos();
        while (System.nanoTime() < deadline && open.stream().anyMatch(c -> !c.spliced())) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            for (Http1Connection c : open) {
                if (!c.busy() && !c.spliced()) c.close();
            }
        }
        for (Http1Connection c : open) {
            if (!c.spliced()) c.close();
        }
        watch.close();
        threads.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The port clients connect to (after {@link #start()}). */
    public int port() {
        return server.getLocalPort();
    }

    FrontEndProperties props() {
        return props;
    }

    ApiEntry entry() {
        return entry;
    }

    InetSocketAddress tomcatAddress() {
        return tomcat;
    }

    boolean stopping() {
        return stopping;
    }

    /** Connections open now (for tests and metrics). */
    int openConnections() {
        return open.size();
    }
}
