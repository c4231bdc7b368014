package dev.ccag.gateway.frontend;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.proxy.ApiException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as the pipeline reads it, framed by Content-Length or chunked transfer coding. The
 * first read sends {@code 100 Continue} when the client asked for it. A malformed chunked body ends
 * the request with 400 ({@link ApiException}); the connection then closes, its framing being lost.
 */
abstract sealed class RequestBody extends InputStream {
    /** Unread rest of a Content-Length body that is still worth reading to reuse the connection. */
    static final long MAX_DRAIN = 64 * 1024;

    final ConnectionInput input;
    private Runnable beforeFirstRead;

    RequestBody(ConnectionInput input, Runnable beforeFirstRead) {
        this.input = input;
        this.beforeFirstRead = beforeFirstRead;
    }

    /** True once the client asked for 100 Continue and has not been sent it (it may never send the body). */
    boolean continuePending() {
        return beforeFirstRead != null;
    }

    final void started() {
        Runnable r = beforeFirstRead;
        if (r != null) {
            beforeFirstRead = null;
            r.run();
        }
    }

    /** True when the connection can take its next request after this body: read whole, or a small rest to skip. */
    abstract boolean reusable();

    /** Reads and drops what the pipeline left unread; false when that is not possible. */
    abstract boolean finish() throws IOException;

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    static RequestBody empty(ConnectionInput input) {
        return new FixedLength(input, 0, null);
    }

    /** A body of {@code length} bytes; a connection that ends early reads as a short body. */
    static final class FixedLength extends RequestBody {
        private long remaining;

        FixedLength(ConnectionInput input, long length, Runnable beforeFirstRead) {
            super(input, length > 0 ? beforeFirstRead : null);
            this.remaining = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) return -1;
            if (len == 0) return 0;
            started();
            int n = input.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) return -1;
            remaining -= n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(input.buffered(), remaining);
        }

        @Override
        boolean reusable() {
            return remaining == 0 || (remaining <= MAX_DRAIN && !continuePending());
        }

        @Override
        boolean finish() throws IOException {
            if (remaining == 0) return true;
            if (!reusable()) return false;
            boolean whole = input.skip(remaining);
            remaining = 0;
            return whole;
        }
    }

    /** A chunked body (RFC 9112 section 7.1): chunk extensions are ignored, trailer fields dropped. */
    static final class Chunked extends RequestBody {
        private static final int MAX_LINE = 4096;
        private long chunkLeft;
        private boolean done;
        private boolean broken;

        Chunked(ConnectionInput input, Runnable beforeFirstRead) {
            super(input, beforeFirstRead);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done || broken) return -1;
            if (len == 0) return 0;
            started();
            if (chunkLeft == 0) {
                long size = chunkSize();
                if (size < 0) return -1;
                if (size == 0) {
                    if (!trailers()) return -1;
                    done = true;
                    return -1;
                }
                chunkLeft = size;
            }
            int n = input.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                broken = true;
                return -1; // the connection ended inside a chunk: a short body
            }
            chunkLeft -= n;
            if (chunkLeft == 0 && !crlf()) return n; // the next read reports the end
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(input.buffered(), chunkLeft);
        }

        @Override
        boolean reusable() {
            return done;
        }

        @Override
        boolean finish() {
            return done;
        }

        /** The next chunk's size, or -1 when the connection ended first. */
        private long chunkSize() throws IOException {
            String line = line();
            if (line == null) return -1;
            int end = line.indexOf(';');
            String hex = (end < 0 ? line : line.substring(0, end)).strip();
            if (hex.isEmpty() || hex.length() > 15) throw fail("bad chunk size");
            long size = 0;
            for (int i = 0; i < hex.length(); i++) {
                int d = Character.digit(hex.charAt(i), 16);
                if (d < 0) throw fail("bad chunk size");
                size = size * 16 + d;
            }
            return size;
        }

        /** Reads the trailer section; false when the connection ended first. */
        private boolean trailers() throws IOException {
            int count = 0;
            String line;
            while ((line = line()) != null && !line.isEmpty()) {
                if (++count > RequestHead.MAX_HEADERS) throw fail("too many trailer fields");
            }
            return line != null;
        }

        /** The CRLF after a chunk's data; false when the connection ended first. */
        private boolean crlf() throws IOException {
            String line = line();
            if (line == null) return false;
            if (!line.isEmpty()) throw fail("chunk data longer than its size");
            return true;
        }

        /** A line without its CRLF (a bare LF also ends one), or null when the connection ended first. */
        private String line() throws IOException {
            StringBuilder s = new StringBuilder(16);
            while (true) {
                int c = input.read();
                if (c < 0) {
                    broken = true;
                    return null;
                }
                if (c == '\n') break;
                if (s.length() >= MAX_LINE) throw fail("chunk line too long");
                s.append((char) c);
            }
            int n = s.length();
            if (n > 0 && s.charAt(n - 1) == '\r') s.setLength(n - 1);
            return s.toString();
        }

        private ApiException fail(String what) {
            broken = true;
            return new ApiException(ApiError.invalidRequest("Malformed chunked request body: " + what));
        }
    }
}
