package dev.ccag.gateway.bedrock;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The read timeout of {@link Http1Client}'s connections: one background thread looks at every open
 * connection a few times a second and closes the socket of any read that has waited longer than its
 * connection's timeout, after marking it timed out (the read then throws SocketTimeoutException).
 *
 * <p>Why not the socket's own timeout: on a virtual thread a timed read arms a JDK timer when it
 * parks and cancels it when data arrives, which woke the JDK's timer thread twice per request. Here
 * a read costs one volatile write before and after. A timeout fires between the timeout and a tenth
 * of it later (at most {@value #MAX_TICK_MILLIS} ms later).
 */
final class ReadTimeouts {
    private static final long MAX_TICK_MILLIS = 250;
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Set<Http1Client.Connection> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile long tickNanos = TimeUnit.MILLISECONDS.toNanos(MAX_TICK_MILLIS);
    private static volatile Thread watcher;

    private ReadTimeouts() {}

    /** Called once per connection, when it is opened. */
    static void watch(Http1Client.Connection c) {
        OPEN.add(c);
        long tick = Math.max(MIN_TICK_NANOS, c.readTimeoutNanos / 10);
        if (tick < tickNanos) tickNanos = tick; // only ever shrinks; a lost race costs precision, not correctness
        if (watcher == null) start();
    }

    static void forget(Http1Client.Connection c) {
        OPEN.remove(c);
    }

    private static synchronized void start() {
        if (watcher != null) return;
        watcher = Thread.ofPlatform().daemon().name("ccag-bedrock-read-timeouts").start(() -> {
            while (true) {
                LockSupport.parkNanos(tickNanos);
                expire(System.nanoTime());
            }
        });
    }

    /** Closes every connection whose read began more than its timeout before {@code now}; returns how many. */
    static int expire(long now) {
        int expired = 0;
        for (Http1Client.Connection c : OPEN) {
            if (c.socket.isClosed()) {
                OPEN.remove(c); // closed without closeQuietly (a TLS close, a failed connect): nothing to watch
                continue;
            }
            long since = c.readingSince;
            if (since != 0 && now - since > c.readTimeoutNanos) {
                c.timedOut = true;
                OPEN.remove(c);
                try {
                    c.plain.close(); // the TCP socket: a blocked TLS read fails at once too
                } catch (IOException ignored) {
                    // closed either way
                }
                expired++;
            }
        }
        return expired;
    }

    /** How many connections are watched (for tests). */
    static int watched() {
        return OPEN.size();
    }
}
