package dev.ccag.gateway.proxy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps quiet streams alive: one timer thread checks every open stream once a second and writes a
 * {@code ping} into any that has been silent for the ping interval (slow first byte, long
 * thinking, a web search). A stream whose client has gone is cancelled, which stops the Bedrock call.
 */
public final class Heartbeats implements AutoCloseable {
    private final long idleNanos;
    private final Map<SseWriter, Runnable> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public Heartbeats(Duration pingInterval) {
        this.idleNanos = pingInterval.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ccag-heartbeats");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(50, Math.min(1000, pingInterval.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    void register(SseWriter writer, Runnable onClientGone) {
        streams.put(writer, onClientGone);
    }

    void unregister(SseWriter writer) {
        streams.remove(writer);
    }

    private void tick() {
        streams.forEach((writer, onClientGone) -> {
            if (!writer.pingIfIdle(idleNanos)) {
                streams.remove(writer);
                onClientGone.run();
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
