package dev.ccag.gateway.frontend;

import dev.ccag.gateway.proxy.ClientResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The pipeline's answer on a front-end connection. A whole response leaves in one write (head and
 * body); a streamed one sends its head at once and then one chunk per flush. Whether the connection
 * stays open is decided when the head is written: it closes when the client or a shutdown asked for
 * it, or when the request body was left unread and cannot be skipped cheaply.
 */
final class FrontResponse implements ClientResponse {
    private static final byte[] STATUS_LINE_START = "HTTP/1.1 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ConnectionOutput out;
    private final RequestBody body;
    private final boolean http11;
    private final boolean head;
    private final List<String> headers = new ArrayList<>(16); // name, value, name, value ...
    private final BooleanSupplier shuttingDown;
    private boolean close;
    private boolean committed;
    private ChunkedOutput stream;
    private int status;

    FrontResponse(ConnectionOutput out, RequestBody body, boolean http11, boolean headMethod, boolean close, BooleanSupplier shuttingDown) {
        this.out = out;
        this.shuttingDown = shuttingDown;
        this.body = body;
        this.http11 = http11;
        this.head = headMethod;
        this.close = close;
    }

    @Override
    public void setHeader(String name, String value) {
        if (committed) return;
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                headers.set(i + 1, value);
                return;
            }
        }
        headers.add(name);
        headers.add(value);
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void send(int status, String contentType, byte[] body) throws IOException {
        if (committed) throw new IllegalStateException("the response was already sent");
        HeadWriter w = head(status, contentType, body.length);
        if (!head) w.body(body);
        committed = true;
        out.write(w.array(), 0, w.length());
    }

    @Override
    public OutputStream startStream(int status, String contentType) throws IOException {
        if (committed) throw new IllegalStateException("the response was already sent");
        if (!http11) close = true; // HTTP/1.0 has no chunks: the end of the connection ends the body
        HeadWriter w = head(status, contentType, -1);
        committed = true;
        out.write(w.array(), 0, w.length());
        stream = new ChunkedOutput(out, http11);
        return stream;
    }

    /** Completes a streamed body (its last chunk). */
    void end() throws IOException {
        if (stream != null && !head) stream.end();
    }

    /** True when the connection must close after this response. */
    boolean closes() {
        return close;
    }

    int status() {
        return status;
    }

    private HeadWriter head(int status, String contentType, long contentLength) {
        this.status = status;
        if (!body.reusable() || shuttingDown.getAsBoolean()) close = true;
        HeadWriter w = new HeadWriter(256 + 32 * headers.size());
        w.bytes(STATUS_LINE_START).number(status).ascii(" ").ascii(HeadWriter.reason(status)).crlf();
        w.bytes(HttpDates.line());
        for (int i = 0; i < headers.size(); i += 2) w.header(headers.get(i), headers.get(i + 1));
        w.header("Content-Type", contentType);
        if (contentLength >= 0) {
            w.header("Content-Length", Long.toString(contentLength));
        } else if (http11) {
            w.header("Transfer-Encoding", "chunked");
        }
        if (close) w.header("Connection", "close");
        return w.crlf();
    }
}
