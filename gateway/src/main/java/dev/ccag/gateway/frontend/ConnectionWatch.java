package dev.ccag.gateway.frontend;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The front end's timeouts: one thread looks at every open connection a few times a second and
 * closes any whose read or write has passed its deadline (the idle wait for a next request, a
 * stalled head or body, a client that stops reading a stream). A timeout fires within a tenth of it,
 * at most a second, after it is due.
 */
final class ConnectionWatch implements AutoCloseable {
    private final Set<Http1Connection> open;
    private final long tickNanos;
    private final Thread thread;
    private volatile boolean closed;

    ConnectionWatch(Set<Http1Connection> open, Duration shortestTimeout) {
        this.open = open;
        this.tickNanos = Math.clamp(shortestTimeout.toNanos() / 10, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        this.thread = Thread.ofPlatform().daemon().name("ccag-front-end-timeouts").start(this::loop);
    }

    private void loop() {
        while (!closed) {
            LockSupport.parkNanos(tickNanos);
            expire(System.nanoTime());
        }
    }

    /** Closes every connection whose read or write is past its deadline at {@code now}; returns how many. */
    int expire(long now) {
        int expired = 0;
        for (Http1Connection c : open) {
            if (c.expireIfLate(now)) expired++;
        }
        return expired;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
