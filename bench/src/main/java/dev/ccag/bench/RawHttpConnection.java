package dev.ccag.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket. The request arrives as finished bytes, so
 * the timed part is one socket write and the parsing of the answer: the client adds the same small,
 * allocation-free cost to every route and measures the server, not itself.
 *
 * <p>Not thread-safe: each load-generator worker owns one.
 */
public final class RawHttpConnection implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 120_000;

    private final String host;
    private final int port;
    private final byte[] buf;
    private final byte[] line;
    private byte[] body;
    private int bodyLength;
    /** False: the body is read and counted but not kept (thousands of streams, checked only now and then). */
    private boolean keepBody = true;
    /** Inside a body: when the last bytes arrived, and the longest wait between two arrivals. */
    private boolean inBody;
    private long lastArrivalNanos;
    private long maxGapNanos;
    private int pos;
    private int lim;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public RawHttpConnection(String host, int port) {
        this(host, port, 64 * 1024);
    }

    /** @param bufferBytes read buffer; small for the thousands of connections of the streams workload */
    public RawHttpConnection(String host, int port, int bufferBytes) {
        this.host = host;
        this.port = port;
        this.buf = new byte[bufferBytes];
        this.line = new byte[Math.min(16 * 1024, Math.max(1024, bufferBytes))];
        this.body = new byte[Math.min(16 * 1024, bufferBytes)];
    }

    /** Whether the next bodies are kept for {@link #body()}; when not, they are read and dropped. */
    public void keepBody(boolean keep) {
        this.keepBody = keep;
    }

    /** Opens the socket if it is not open, outside any timing. */
    public void connect() throws IOException {
        if (socket != null) return;
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(READ_TIMEOUT_MS);
        s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        pos = lim = 0;
    }

    /**
     * Sends one complete request and reads the whole response. Times are measured from just before
     * the write; the body stays available through {@link #body()} until the next exchange.
     */
    public Response exchange(byte[] request) throws IOException {
        connect();
        inBody = false;
        try {
            long start = System.nanoTime();
            out.write(request);
            out.flush();
            return readResponse(start);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The last response's body (dechunked), copied. */
    public byte[] body() {
        return Arrays.copyOf(body, bodyLength);
    }

    private Response readResponse(long start) throws IOException {
        int n = readLine();
        if (n < 12 || line[0] != 'H' || line[8] != ' ') {
            throw new IOException("not an HTTP/1.1 status line: " + new String(line, 0, Math.min(n, 80)));
        }
        int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        long contentLength = -1;
        boolean chunked = false;
        boolean close = line[7] == '0'; // HTTP/1.0
        while ((n = readLine()) > 0) {
            if (startsWithIgnoreCase(n, "content-length:")) {
                contentLength = Long.parseLong(value(n, "content-length:".length()));
            } else if (startsWithIgnoreCase(n, "transfer-encoding:")) {
                chunked = value(n, "transfer-encoding:".length()).toLowerCase().contains("chunked");
            } else if (startsWithIgnoreCase(n, "connection:")) {
                close = value(n, "connection:".length()).equalsIgnoreCase("close");
            }
        }
        long headersAt = System.nanoTime();
        bodyLength = 0;
        maxGapNanos = 0;
        long firstBodyAt = headersAt;
        boolean bodyless = status == 204 || status == 304 || contentLength == 0;
        if (!bodyless) {
            if (pos == lim) fill();
            firstBodyAt = System.nanoTime();
            lastArrivalNanos = firstBodyAt;
            inBody = true;
            if (chunked) {
                readChunked();
            } else if (contentLength > 0) {
                readBody(contentLength);
            } else {
                readUntilClose();
                close = true;
            }
        }
        inBody = false;
        long end = System.nanoTime();
        if (close) close();
        return new Response(status, headersAt - start, firstBodyAt - start, end - start, maxGapNanos);
    }

    private void readChunked() throws IOException {
        while (true) {
            int n = readLine();
            int size = 0;
            for (int i = 0; i < n; i++) {
                int d = Character.digit(line[i], 16);
                if (d < 0) break; // chunk extensions after ';'
                size = size * 16 + d;
            }
            if (size == 0) {
                while (readLine() > 0) {
                    // trailers
                }
                return;
            }
            readBody(size);
            readLine();
        }
    }

    private void readBody(long length) throws IOException {
        long left = length;
        while (left > 0) {
            if (pos == lim) fill();
            int take = (int) Math.min(left, lim - pos);
            append(take);
            left -= take;
        }
    }

    private void readUntilClose() throws IOException {
        while (true) {
            if (pos == lim) {
                int r = in.read(buf, 0, buf.length);
                if (r < 0) return;
                pos = 0;
                lim = r;
            }
            append(lim - pos);
        }
    }

    private void append(int take) {
        if (!keepBody) {
            pos += take;
            return;
        }
        if (bodyLength + take > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + take));
        }
        System.arraycopy(buf, pos, body, bodyLength, take);
        bodyLength += take;
        pos += take;
    }

    /** Reads one CRLF-terminated line into {@link #line}, returning its length without the CRLF. */
    private int readLine() throws IOException {
        int n = 0;
        while (true) {
            if (pos == lim) fill();
            byte b = buf[pos++];
            if (b == '\n') {
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n == line.length) throw new IOException("header line longer than " + line.length + " bytes");
            line[n++] = b;
        }
    }

    private void fill() throws IOException {
        int r = in.read(buf, 0, buf.length);
        if (r < 0) throw new EOFException("connection closed by " + host + ":" + port);
        pos = 0;
        lim = r;
        if (inBody) {
            // Each streamed event is flushed on its own, so the wait between two reads that return
            // data is the wait between two events (or less, when they arrive together).
            long now = System.nanoTime();
            maxGapNanos = Math.max(maxGapNanos, now - lastArrivalNanos);
            lastArrivalNanos = now;
        }
    }

    private boolean startsWithIgnoreCase(int n, String prefix) {
        if (n < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase(line[i]) != prefix.charAt(i)) return false;
        }
        return true;
    }

    private String value(int n, int from) {
        return new String(line, from, n - from, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
    }

    @Override
    public void close() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do about a socket that fails to close
        }
        socket = null;
    }

    /**
     * @param status        HTTP status
     * @param headersNanos  from the write to the end of the response headers
     * @param firstBodyNanos from the write to the first body byte (time to first byte of the stream)
     * @param totalNanos    from the write to the last body byte
     * @param maxGapNanos   the longest wait between two arrivals of body bytes (a stream's longest silence)
     */
    public record Response(int status, long headersNanos, long firstBodyNanos, long totalNanos, long maxGapNanos) {}
}
