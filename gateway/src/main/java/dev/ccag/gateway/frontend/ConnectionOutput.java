package dev.ccag.gateway.frontend;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The write side of a client connection. Writes are whole (the socket's blocking write); each records
 * a deadline that {@link ConnectionWatch} enforces, so a client that stops reading cannot hold a
 * stream, its Bedrock connection and its thread for ever.
 */
final class ConnectionOutput {
    private final OutputStream out;
    private final long timeoutNanos;
    volatile long deadline;

    ConnectionOutput(OutputStream out, long timeoutNanos) {
        this.out = out;
        this.timeoutNanos = timeoutNanos;
    }

    void write(byte[] b, int off, int len) throws IOException {
        deadline = System.nanoTime() + timeoutNanos;
        try {
            out.write(b, off, len);
        } finally {
            deadline = 0;
        }
    }
}
