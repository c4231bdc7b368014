package dev.ccag.gateway.bedrock;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking HTTP/1.1 client with a keep-alive pool, for the one kind of call the gateway
 * makes: a POST with a finished body whose response is read as it arrives (a JSON answer or an
 * event stream). It replaces Apache HttpClient on the hot path, which was the largest single CPU
 * cost of the gateway in the benchmark profile (pool lease, interceptor chain, header formatting
 * and parsing objects, about 20 % of all gateway CPU); here a request is one pre-formatted head
 * and one or two socket writes, and a streamed response is read straight from the socket buffer.
 *
 * <p>Behaviour kept from the Apache set-up it replaces: TCP_NODELAY, a connect timeout, the
 * response timeout as the socket read timeout (between any two reads, so a silent stream times
 * out too), no retries, no redirects, no compression, at most {@code maxConnections} connections
 * in use (a caller beyond that waits up to three minutes), a connection idle for more than two
 * seconds is checked before reuse, TLS with the JDK's default trust store and host-name check.
 * A connect or TLS handshake timeout is reported as a {@link ConnectException} ("unreachable"),
 * not as a response timeout, as Apache did.
 *
 * <p>Designed for virtual threads: every wait is a blocking socket call. The read timeout is not the
 * socket's: a timed read parks the virtual thread with a timer, and arming and cancelling that timer
 * woke the JDK's timer thread about twice per request (two of the eight context switches a small
 * request cost). Reads are untimed instead, and {@link ReadTimeouts} closes a connection whose read has
 * waited longer than the timeout; that read then fails with the {@link SocketTimeoutException} a
 * timed read would have thrown.
 */
final class Http1Client implements AutoCloseable {
    private static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long LEASE_TIMEOUT_MINUTES = 3;
    private static final int BUFFER = 16 * 1024;
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 200;
    /** Bytes of an unread response body drained at close so the connection can be reused; more is not worth it. */
    private static final int MAX_DRAIN = 256 * 1024;
    /** Bodies up to this size go out in the same write as the head (one system call, one packet). */
    private static final int COALESCE = 16 * 1024;

    private final int connectTimeoutMs;
    private final int readTimeoutMs;
    private final int maxConnections;
    private final Semaphore permits;
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private volatile SSLSocketFactory tls;
    private volatile boolean closed;

    Http1Client(int connectTimeoutMs, int readTimeoutMs, int maxConnections) {
        this.connectTimeoutMs = connectTimeoutMs;
        this.readTimeoutMs = readTimeoutMs;
        this.maxConnections = maxConnections;
        this.permits = new Semaphore(maxConnections, true);
    }

    /** Where to connect: scheme, host and port, plus the pool key made of them. */
    record Origin(boolean https, String host, int port, String key) {
        static Origin of(String scheme, String host, int port) {
            boolean https = "https".equalsIgnoreCase(scheme);
            int p = port == -1 ? (https ? 443 : 80) : port;
            return new Origin(https, host, p, (https ? "https://" : "http://") + host + ":" + p);
        }
    }

    /**
     * Sends the request ({@code head} is the request line and headers, ending with the blank line)
     * and returns once the response's status and headers have arrived.
     */
    Response execute(Origin origin, byte[] head, byte[] body) throws IOException {
        Connection c = lease(origin);
        try {
            c.write(head, body);
            return c.readResponse(this);
        } catch (IOException | RuntimeException e) {
            c.closeQuietly();
            permits.release();
            throw e;
        }
    }

    private Connection lease(Origin origin) throws IOException {
        if (closed) throw new IOException("the Bedrock client is closed");
        try {
            if (!permits.tryAcquire(LEASE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IOException("no free connection to " + origin.key() + " within " + LEASE_TIMEOUT_MINUTES
                        + " minutes (ccag.proxy.max-connections = " + maxConnections + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a connection");
        }
        try {
            ConcurrentLinkedDeque<Connection> pool = idle.get(origin.key());
            if (pool != null) {
                Connection c;
                while ((c = pool.pollFirst()) != null) {
                    if (c.socket.isClosed() || System.nanoTime() - c.idleSince > VALIDATE_AFTER_IDLE_NANOS && c.stale()) {
                        c.closeQuietly();
                        continue;
                    }
                    return c;
                }
            }
            return connect(origin);
        } catch (IOException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private void release(Connection c, boolean reusable) {
        try {
            if (reusable && !closed) {
                c.idleSince = System.nanoTime();
                ConcurrentLinkedDeque<Connection> pool = idle.computeIfAbsent(c.origin.key(), k -> new ConcurrentLinkedDeque<>());
                pool.offerFirst(c); // most recently used first: the others may age out and be closed by the server
                if (closed) c.closeQuietly();
            } else {
                c.closeQuietly();
            }
        } finally {
            permits.release();
        }
    }

    private Connection connect(Origin origin) throws IOException {
        Socket socket = new Socket();
        Socket plain = socket;
        try {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(origin.host(), origin.port()), connectTimeoutMs);
            } catch (SocketTimeoutException e) {
                throw new ConnectException("connect to " + origin.key() + " timed out after " + connectTimeoutMs + " ms");
            }
            if (origin.https()) {
                SSLSocket ssl = (SSLSocket) tls().createSocket(socket, origin.host(), origin.port(), true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(connectTimeoutMs);
                try {
                    ssl.startHandshake();
                } catch (SocketTimeoutException e) {
                    ssl.close();
                    throw new ConnectException("TLS handshake with " + origin.key() + " timed out after " + connectTimeoutMs + " ms");
                }
                socket = ssl;
            }
            socket.setSoTimeout(0); // reads are timed by ReadTimeouts
            return new Connection(origin, socket, plain, readTimeoutMs);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    private SSLSocketFactory tls() {
        SSLSocketFactory f = tls;
        if (f == null) {
            f = (SSLSocketFactory) SSLSocketFactory.getDefault();
            tls = f;
        }
        return f;
    }

    @Override
    public void close() {
        closed = true;
        for (ConcurrentLinkedDeque<Connection> pool : idle.values()) {
            Connection c;
            while ((c = pool.pollFirst()) != null) c.closeQuietly();
        }
    }

    /** One socket, with its read buffer. Used by one exchange at a time. */
    static final class Connection {
        final Origin origin;
        final long readTimeoutNanos;
        final Socket socket;
        /** The TCP socket under a TLS one (the same socket without TLS): closing it ends a blocked read. */
        final Socket plain;
        /** {@link System#nanoTime()} when the read under way began; 0 when none is. */
        volatile long readingSince;
        /** Set by {@link ReadTimeouts} just before it closes the socket of a read that waited too long. */
        volatile boolean timedOut;
        final InputStream in;
        final OutputStream out;
        final byte[] buf = new byte[BUFFER];
        int pos;
        int lim;
        volatile long idleSince;

        Connection(Origin origin, Socket socket, Socket plain, int readTimeoutMs) throws IOException {
            this.origin = origin;
            this.readTimeoutNanos = readTimeoutMs > 0 ? TimeUnit.MILLISECONDS.toNanos(readTimeoutMs) : Long.MAX_VALUE;
            this.socket = socket;
            this.plain = plain;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            ReadTimeouts.watch(this); // last: the watcher sees only complete connections
        }

        void write(byte[] head, byte[] body) throws IOException {
            if (body.length <= COALESCE) {
                byte[] all = new byte[head.length + body.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(body, 0, all, head.length, body.length);
                out.write(all);
            } else {
                out.write(head);
                out.write(body);
            }
            out.flush();
        }

        /** True when the server closed the connection (or sent something unasked) while it was idle. */
        boolean stale() {
            if (pos < lim) return true;
            try {
                socket.setSoTimeout(1);
                return in.read(buf, 0, buf.length) != 0; // -1: closed; data: not ours to read
            } catch (SocketTimeoutException e) {
                return false; // nothing to read: still open
            } catch (IOException e) {
                return true;
            } finally {
                try {
                    socket.setSoTimeout(0);
                } catch (IOException ignored) {
                    // a socket that cannot take its timeout back is broken; the next read will say so
                }
            }
        }

        Response readResponse(Http1Client client) throws IOException {
            while (true) {
                String statusLine = readLine();
                // "HTTP/1.1 200 OK"
                if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine.charAt(8) != ' ') {
                    throw new IOException("not an HTTP/1.x status line from " + origin.key() + ": "
                            + statusLine.substring(0, Math.min(80, statusLine.length())));
                }
                int status;
                try {
                    status = Integer.parseInt(statusLine.substring(9, 12));
                } catch (NumberFormatException e) {
                    throw new IOException("bad HTTP status line from " + origin.key());
                }
                boolean http10 = statusLine.charAt(7) == '0';
                List<String> names = new ArrayList<>(12);
                List<String> values = new ArrayList<>(12);
                String line;
                while (!(line = readLine()).isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon <= 0) continue; // not a header; tolerated like lenient clients do
                    if (names.size() >= MAX_HEADERS) throw new IOException("too many response headers from " + origin.key());
                    names.add(line.substring(0, colon).trim());
                    values.add(line.substring(colon + 1).trim());
                }
                if (status >= 100 && status < 200) {
                    continue; // informational (100 Continue): the real response follows
                }
                return new Response(client, this, status, names, values, http10);
            }
        }

        /** Reads one header or chunk-size line (without CRLF) from the buffer. */
        String readLine() throws IOException {
            StringBuilder sb = null;
            while (true) {
                if (pos == lim && fill() < 0) throw new EOFException("connection closed by " + origin.key());
                int next = bufferedLineEnd(pos);
                if (next > 0) {
                    int lf = next - 1;
                    int end = lf > pos && buf[lf - 1] == '\r' ? lf - 1 : lf;
                    String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = next;
                    if (sb == null) return part;
                    sb.append(part);
                    int n = sb.length();
                    if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                    return sb.toString();
                }
                if (sb == null) sb = new StringBuilder(256);
                sb.append(new String(buf, pos, lim - pos, StandardCharsets.ISO_8859_1));
                pos = lim;
                if (sb.length() > MAX_LINE) throw new IOException("response line longer than " + MAX_LINE + " bytes from " + origin.key());
            }
        }

        /** Where the buffered line starting at {@code from} ends (just after its LF); -1 when it is not all buffered. */
        int bufferedLineEnd(int from) {
            for (int i = from; i < lim; i++) {
                if (buf[i] == '\n') return i + 1;
            }
            return -1;
        }

        /** Like {@link #bufferedLineEnd} for a line that must be empty (CRLF or LF); -1 when it is not buffered or not empty. */
        int bufferedEmptyLineEnd(int from) {
            if (from < lim && buf[from] == '\n') return from + 1;
            if (from + 1 < lim && buf[from] == '\r' && buf[from + 1] == '\n') return from + 2;
            return -1;
        }

        /** One socket read into the empty buffer; blocks until some bytes arrive. */
        int fill() throws IOException {
            int r = read(buf, 0, buf.length);
            pos = 0;
            lim = Math.max(r, 0);
            return r;
        }

        /** Copies up to {@code len} buffered bytes, reading the socket once if none are buffered; -1 at EOF. */
        int readSome(byte[] b, int off, int len) throws IOException {
            if (pos == lim) {
                if (len >= buf.length) {
                    return read(b, off, len); // a large read goes straight into the caller's array
                }
                if (fill() < 0) return -1;
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        /** A socket read that {@link ReadTimeouts} ends once it has waited longer than the read timeout. */
        private int read(byte[] b, int off, int len) throws IOException {
            readingSince = System.nanoTime() | 1; // never 0, which means "not reading"
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                if (timedOut) {
                    SocketTimeoutException timeout = new SocketTimeoutException("Read timed out");
                    timeout.initCause(e);
                    throw timeout;
                }
                throw e;
            } finally {
                readingSince = 0;
            }
        }

        void closeQuietly() {
            ReadTimeouts.forget(this);
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do about a socket that fails to close
            }
        }
    }

    /** A response whose body is still on the wire. Close it exactly once; abort() may come from another thread. */
    static final class Response implements AutoCloseable {
        private final Http1Client client;
        private final Connection connection;
        private final int status;
        private final List<String> names;
        private final List<String> values;
        private final Body body;
        private final boolean keepAlive;
        /** Guarded by {@code this}: once released, the connection may serve another call and must not be touched. */
        private boolean released;
        private volatile boolean aborted;

        Response(Http1Client client, Connection connection, int status, List<String> names, List<String> values, boolean http10) {
            this.client = client;
            this.connection = connection;
            this.status = status;
            this.names = names;
            this.values = values;
            String connectionHeader = header("Connection");
            boolean close = connectionHeader != null && connectionHeader.toLowerCase(java.util.Locale.ROOT).contains("close");
            String te = header("Transfer-Encoding");
            String cl = header("Content-Length");
            if (status == 204 || status == 304) {
                body = new Fixed(0);
            } else if (te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                body = new Chunked();
            } else if (cl != null) {
                long length;
                try {
                    length = Long.parseLong(cl.trim());
                } catch (NumberFormatException e) {
                    length = -1;
                }
                body = length >= 0 ? new Fixed(length) : new UntilClose();
            } else {
                body = new UntilClose();
            }
            this.keepAlive = !close && !http10 && !(body instanceof UntilClose);
        }

        int status() {
            return status;
        }

        String header(String name) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(name)) return values.get(i);
            }
            return null;
        }

        /** The declared body length, or -1 (chunked, or until close). */
        long contentLength() {
            return body instanceof Fixed f ? f.length : -1;
        }

        InputStream body() {
            return body;
        }

        /**
         * Cuts the connection: a blocked read fails at once and the connection is never reused. A late
         * abort (the heartbeat thread noticing a gone client just as the call ends) does nothing once
         * the connection went back to the pool.
         */
        void abort() {
            synchronized (this) {
                if (released) return;
                aborted = true;
            }
            connection.closeQuietly();
        }

        @Override
        public void close() {
            if (!aborted && !body.complete) body.drainQuietly(); // outside the lock: an abort must be able to cut it short
            boolean reusable;
            synchronized (this) {
                if (released) return;
                released = true;
                reusable = keepAlive && !aborted && body.complete && !body.broken && !connection.socket.isClosed();
            }
            client.release(connection, reusable);
        }

        /** The body as a stream; it ends where the response ends and never reads into the next one. */
        private abstract class Body extends InputStream {
            volatile boolean complete;
            boolean broken;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                try {
                    return doRead(b, off, len);
                } catch (IOException | RuntimeException e) {
                    broken = true;
                    throw e;
                }
            }

            abstract int doRead(byte[] b, int off, int len) throws IOException;

            /** Reading the rest lets the connection be reused (what Apache did when a response stream was closed). */
            void drainQuietly() {
                byte[] skip = new byte[8192];
                long left = MAX_DRAIN;
                try {
                    while (left > 0 && !complete) {
                        int n = read(skip, 0, (int) Math.min(skip.length, left));
                        if (n < 0) return;
                        left -= n;
                    }
                } catch (IOException | RuntimeException e) {
                    broken = true;
                }
            }

            /** Closing the stream only drains it; the response's close() returns or drops the connection. */
            @Override
            public void close() {
                if (!aborted && !complete && !broken) drainQuietly();
            }
        }

        private final class Fixed extends Body {
            final long length;
            long remaining;

            Fixed(long length) {
                this.length = length;
                this.remaining = length;
                if (length == 0) complete = true;
            }

            @Override
            int doRead(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    complete = true;
                    return -1;
                }
                int n = connection.readSome(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("premature end of a Content-Length delimited body from " + connection.origin.key());
                }
                remaining -= n;
                if (remaining == 0) complete = true;
                return n;
            }

            @Override
            public int available() {
                return (int) Math.min(remaining, connection.lim - connection.pos);
            }
        }

        private final class Chunked extends Body {
            private long chunkLeft;
            private boolean inChunk;
            private boolean started;

            @Override
            int doRead(byte[] b, int off, int len) throws IOException {
                if (complete) return -1;
                if (!inChunk) {
                    if (started) {
                        String end = connection.readLine(); // the CRLF after the previous chunk's data
                        if (!end.isEmpty()) throw new IOException("bad chunk terminator from " + connection.origin.key());
                    }
                    started = true;
                    String sizeLine = connection.readLine();
                    int semicolon = sizeLine.indexOf(';'); // chunk extensions are ignored
                    String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
                    try {
                        chunkLeft = Long.parseLong(hex, 16);
                    } catch (NumberFormatException e) {
                        throw new IOException("bad chunk size '" + hex + "' from " + connection.origin.key());
                    }
                    if (chunkLeft < 0) throw new IOException("bad chunk size from " + connection.origin.key());
                    if (chunkLeft == 0) {
                        while (!connection.readLine().isEmpty()) {
                            // trailers: nothing the gateway uses
                        }
                        complete = true;
                        return -1;
                    }
                    inChunk = true;
                }
                int n = connection.readSome(b, off, (int) Math.min(len, chunkLeft));
                if (n < 0) throw new EOFException("premature end of a chunked body from " + connection.origin.key());
                chunkLeft -= n;
                if (chunkLeft == 0) inChunk = false;
                return n;
            }

            /**
             * The body bytes a read returns without touching the socket: the rest of the current chunk
             * that is buffered, or between chunks the next one's buffered data once its size line is
             * buffered whole. A stream relay uses it to send the events that arrived together in one write.
             */
            @Override
            public int available() {
                if (complete || broken) return 0;
                if (inChunk) return (int) Math.min(chunkLeft, connection.lim - connection.pos);
                int at = connection.pos;
                if (started) {
                    at = connection.bufferedEmptyLineEnd(at);
                    if (at < 0) return 0;
                }
                int dataStart = connection.bufferedLineEnd(at);
                if (dataStart < 0) return 0;
                long size = chunkSize(connection.buf, at, dataStart);
                if (size <= 0) return 0; // the last chunk (trailers follow) or a bad line: the read decides
                return (int) Math.min(size, connection.lim - dataStart);
            }
        }

        /**
         * The hex size at the start of a buffered chunk-size line ending before {@code end}; -1 when it
         * is not one. Stricter than {@code doRead}'s parse (no leading blanks): a line it refuses only
         * makes {@code available()} answer 0, so the relay flushes a little early, never late.
         */
        static long chunkSize(byte[] buf, int from, int end) {
            long size = 0;
            int digits = 0;
            for (int i = from; i < end; i++) {
                int d = Character.digit(buf[i], 16);
                if (d < 0) break; // ';' (an extension), CR or LF
                if (++digits > 15) return -1;
                size = size * 16 + d;
            }
            return digits == 0 ? -1 : size;
        }

        private final class UntilClose extends Body {
            @Override
            int doRead(byte[] b, int off, int len) throws IOException {
                if (complete) return -1;
                int n = connection.readSome(b, off, len);
                if (n < 0) complete = true;
                return n;
            }
        }
    }
}
