package dev.ccag.gateway.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes Anthropic server-sent events to the client. Every event gets an {@code event:} line
 * (Claude Code drops data-only events). The relay thread and the heartbeat thread both write,
 * so writes are serialised by a lock; each batch is flushed at once, nothing is held back.
 */
public final class SseWriter {
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = "event: ping\ndata: {\"type\": \"ping\"}\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile boolean broken;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes one event without flushing; call {@link #flush()} after a batch. */
    void event(byte[] type, byte[] json) throws IOException {
        lock.lock();
        try {
            out.write(EVENT);
            out.write(type);
            out.write(DATA);
            out.write(json);
            out.write(END);
            lastWriteNanos = System.nanoTime();
        } catch (IOException e) {
            broken = true;
            throw e;
        } finally {
            lock.unlock();
        }
    }

    void flush() throws IOException {
        lock.lock();
        try {
            out.flush();
        } catch (IOException e) {
            broken = true;
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** Writes a ping if nothing was written for {@code idleNanos}; false once the client is gone. */
    boolean pingIfIdle(long idleNanos) {
        if (broken) {
            return false;
        }
        if (System.nanoTime() - lastWriteNanos < idleNanos) {
            return true;
        }
        if (!lock.tryLock()) {
            return true; // the relay is writing right now, so the stream is not idle
        }
        try {
            out.write(PING);
            out.flush();
            lastWriteNanos = System.nanoTime();
            return true;
        } catch (IOException e) {
            broken = true;
            return false;
        } finally {
            lock.unlock();
        }
    }

    boolean broken() {
        return broken;
    }
}
