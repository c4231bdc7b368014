package dev.ccag.gateway.frontend;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The read side of a client connection: one buffer that holds the next request's head and whatever
 * of its body came with it. Large body reads go straight from the socket into the caller's array.
 *
 * <p>Reads are untimed socket reads; each records a deadline instead, and {@link ConnectionWatch}
 * closes the socket of a read that passes it (a timed read on a virtual thread arms and cancels a
 * JDK timer each time, see {@code ReadTimeouts} in the Bedrock client).
 */
final class ConnectionInput {
    private static final int INITIAL = 8 * 1024;

    private final InputStream in;
    private final long readTimeoutNanos;
    byte[] buf = new byte[INITIAL];
    int pos;
    int lim;
    /** {@link System#nanoTime()} by which the read in progress must return; 0 while none is. */
    volatile long deadline;

    ConnectionInput(InputStream in, long readTimeoutNanos) {
        this.in = in;
        this.readTimeoutNanos = readTimeoutNanos;
    }

    int buffered() {
        return lim - pos;
    }

    /**
     * Reads the next request head into the buffer (its bytes then start at {@link #headStart}).
     * Leading empty lines are skipped, as RFC 9112 allows.
     *
     * @param firstWait how long to wait for the head's first byte (the keep-alive idle time)
     * @return the index just past the head's blank line, or -1 at a clean end of the connection before a request
     */
    int readHead(long firstWait, int maxHead) throws IOException, BadRequestException {
        compact();
        int scan = pos;
        while (true) {
            if (scan == pos) { // nothing of the head seen yet: skip empty lines before it
                while (pos < lim && (buf[pos] == '\r' || buf[pos] == '\n')) pos++;
                scan = pos;
            }
            int end = headEnd(buf, scan, lim);
            if (end >= 0) {
                headStart = pos;
                return end;
            }
            scan = Math.max(pos, lim - 3);
            if (lim == buf.length) {
                if (pos > 0) {
                    int shift = pos;
                    compact();
                    scan -= shift;
                } else if (buf.length >= maxHead) {
                    throw new BadRequestException(431, "The request head is larger than " + maxHead + " bytes");
                } else {
                    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxHead));
                }
            }
            boolean started = lim > pos;
            int n = fill(started ? readTimeoutNanos : firstWait);
            if (n < 0) {
                if (!started) return -1;
                throw new EOFException("the connection ended inside a request head");
            }
        }
    }

    /** Where the head {@link #readHead} found starts. */
    int headStart;

    /** Reads into the caller's array: buffered bytes first, then from the socket (-1 at the end of the connection). */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos < lim) {
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
        if (len >= buf.length / 2) {
            return timedRead(b, off, len, readTimeoutNanos);
        }
        pos = lim = 0;
        int n = fill(readTimeoutNanos);
        if (n < 0) return -1;
        n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** One byte, or -1 at the end of the connection. */
    int read() throws IOException {
        if (pos == lim) {
            pos = lim = 0;
            if (fill(readTimeoutNanos) < 0) return -1;
        }
        return buf[pos++] & 0xff;
    }

    /** Discards up to {@code n} bytes; false when the connection ended first. */
    boolean skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim) {
                pos = lim = 0;
                if (fill(readTimeoutNanos) < 0) return false;
            }
            int k = (int) Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
        return true;
    }

    /** Reads more bytes after {@code lim}; the buffer must have room. -1 at the end of the connection. */
    private int fill(long timeoutNanos) throws IOException {
        int n = timedRead(buf, lim, buf.length - lim, timeoutNanos);
        if (n > 0) lim += n;
        return n;
    }

    private int timedRead(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        deadline = System.nanoTime() + timeoutNanos;
        try {
            return in.read(b, off, len);
        } finally {
            deadline = 0;
        }
    }

    private void compact() {
        if (pos == lim) {
            pos = lim = 0;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
    }

    /** The index just past the first empty line (CRLF CRLF or LF LF, mixed allowed) in {@code b[from, to)}, or -1. */
    static int headEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != '\n') continue;
            if (i + 1 < to && b[i + 1] == '\n') return i + 2;
            if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') return i + 3;
        }
        return -1;
    }
}
