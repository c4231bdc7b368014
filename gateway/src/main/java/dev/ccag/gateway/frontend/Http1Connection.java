package dev.ccag.gateway.frontend;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.proxy.ApiEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, served by one thread from its first byte to its close: the thread reads
 * its next request itself, runs it through the pipeline, writes the answer and reads again, with
 * no hand-off between threads on the way (the shape of the JVM floor proxy, BENCHMARKS.md).
 *
 * <p>The first request that is not an Anthropic API call (the admin API, the portal, actuator, a
 * browser's sign-in) hands the whole connection to Tomcat: its bytes so far go to Tomcat's loopback
 * connector as they came, and from then on the two are spliced byte for byte, so Tomcat serves that
 * request and every later one on the connection (API calls included, through the proxy filter).
 */
final class Http1Connection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Http1Connection.class);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SPLICE_BUFFER = 8 * 1024;

    private final FrontEnd owner;
    final Socket socket;
    final ConnectionInput input;
    final ConnectionOutput output;
    /** Serving a request now (not waiting for one): a shutdown lets it finish. */
    private volatile boolean busy;
    private volatile boolean spliced;
    volatile boolean timedOut;
    /** Requests served so far (by whichever thread serves the connection now). */
    private int served;

    Http1Connection(FrontEnd owner, Socket socket) throws IOException {
        this.owner = owner;
        this.socket = socket;
        FrontEndProperties props = owner.props();
        this.input = new ConnectionInput(socket.getInputStream(), props.readTimeout().toNanos());
        this.output = new ConnectionOutput(socket.getOutputStream(), props.readTimeout().toNanos());
    }

    @Override
    public void run() {
        boolean movedOn = false;
        try {
            movedOn = serveRequests();
        } catch (IOException e) {
            // the client went away, or a read or write passed its deadline: the connection just ends
        } catch (RuntimeException e) {
            log.error("front end: connection from {} failed", socket.getRemoteSocketAddress(), e);
        } finally {
            if (!movedOn) {
                close();
                owner.closed(this);
            }
        }
    }

    /**
     * Serves requests until the connection ends (false), or until it continues on a thread of the
     * other kind (true): between two requests it moves to a virtual thread when more connections are
     * open than there are platform threads, and back to an idle platform thread when few are.
     */
    private boolean serveRequests() throws IOException {
        int maxHead = (int) owner.props().maxHeadSize().toBytes();
        while (!owner.stopping()) {
            int headEnd;
            RequestHead head;
            try {
                headEnd = input.readHead(served == 0 ? owner.props().readTimeout().toNanos() : owner.props().idleTimeout().toNanos(), maxHead);
                if (headEnd < 0) return false; // the client closed between requests
                head = RequestHead.parse(input.buf, input.headStart, headEnd);
            } catch (BadRequestException e) {
                refuse(e);
                return false;
            }
            if (head.path == null || !ApiEntry.serves(head.path)) {
                splice(input.headStart);
                return false;
            }
            input.pos = headEnd;
            if (!serve(head)) return false;
            served++;
            if (input.buffered() == 0 && owner.moveThread(this)) return true;
        }
        return false;
    }

    /** Serves one API request; true when the connection can take the next one. */
    private boolean serve(RequestHead head) throws IOException {
        RequestBody body;
        long contentLength;
        try {
            contentLength = contentLength(head);
            body = body(head, contentLength);
        } catch (BadRequestException e) {
            refuse(e);
            return false;
        }
        boolean close = !head.http11 || head.hasToken("Connection", "close") || owner.stopping();
        FrontResponse response = new FrontResponse(output, body, head.http11, "HEAD".equals(head.method), close, owner::stopping);
        busy = true;
        try {
            owner.entry().serve(new FrontRequest(head, body, contentLength), response);
            if (!response.isCommitted()) {
                // every pipeline path answers; this is a guard, not a route
                owner.entry().refuse(response, ApiError.api("The gateway did not answer the request"));
            }
            response.end();
        } catch (IOException e) {
            return false; // the client went away mid-exchange (the pipeline recorded what it had)
        } finally {
            busy = false;
        }
        if (response.closes() || owner.stopping()) return false;
        return body.finish();
    }

    /** The declared length: -1 for a chunked body. Refuses what could be read two ways. */
    private static long contentLength(RequestHead head) throws BadRequestException {
        String te = head.header("Transfer-Encoding");
        int lengths = head.occurrences("Content-Length");
        if (te != null) {
            if (!head.http11) throw new BadRequestException(400, "Transfer-Encoding is not allowed in HTTP/1.0");
            if (lengths > 0) throw new BadRequestException(400, "Both Transfer-Encoding and Content-Length were sent");
            if (head.occurrences("Transfer-Encoding") != 1 || !te.strip().equalsIgnoreCase("chunked")) {
                throw new BadRequestException(501, "Transfer-Encoding other than chunked is not supported");
            }
            return -1;
        }
        if (lengths == 0) return 0;
        long length = -1;
        for (String value : head.headers("Content-Length")) {
            for (String part : value.split(",", -1)) {
                long v = parseLength(part.strip());
                if (length >= 0 && v != length) throw new BadRequestException(400, "Conflicting Content-Length values");
                length = v;
            }
        }
        return length;
    }

    private static long parseLength(String s) throws BadRequestException {
        if (s.isEmpty() || s.length() > 18) throw new BadRequestException(400, "Invalid Content-Length");
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new BadRequestException(400, "Invalid Content-Length");
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private RequestBody body(RequestHead head, long contentLength) throws BadRequestException {
        if (head.http11 && head.header("Host") == null) throw new BadRequestException(400, "Missing Host header");
        if (head.occurrences("Host") > 1) throw new BadRequestException(400, "More than one Host header");
        String expect = head.header("Expect");
        Runnable sendContinue = head.http11 && expect != null && expect.strip().equalsIgnoreCase("100-continue") ? this::sendContinue : null;
        if (contentLength < 0) return new RequestBody.Chunked(input, sendContinue);
        if (contentLength == 0) return RequestBody.empty(input);
        return new RequestBody.FixedLength(input, contentLength, sendContinue);
    }

    private void sendContinue() {
        try {
            output.write(CONTINUE, 0, CONTINUE.length);
        } catch (IOException e) {
            // the body read that follows fails the same way
        }
    }

    /** Answers a request the front end cannot take (Anthropic's error shape), then the connection closes. */
    private void refuse(BadRequestException e) {
        try {
            FrontResponse response = new FrontResponse(output, RequestBody.empty(input), true, false, true, owner::stopping);
            owner.entry().refuse(response, new ApiError(e.status, "invalid_request_error", e.getMessage(), null));
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    /** Hands the connection to Tomcat: what was read so far, then both directions byte for byte. */
    private void splice(int from) throws IOException {
        spliced = true;
        try (Socket tomcat = new Socket()) {
            tomcat.connect(owner.tomcatAddress(), 10_000);
            tomcat.setTcpNoDelay(true);
            OutputStream toTomcat = tomcat.getOutputStream();
            toTomcat.write(input.buf, from, input.lim - from);
            input.pos = input.lim;
            InputStream fromTomcat = tomcat.getInputStream();
            OutputStream toClient = socket.getOutputStream();
            Thread back = Thread.ofVirtual().name("ccag-splice").start(() -> {
                try {
                    copy(fromTomcat, toClient);
                } catch (IOException ignored) {
                    // either side closed
                } finally {
                    close(); // Tomcat ended the connection: so does the client's side
                }
            });
            try {
                copy(socket.getInputStream(), toTomcat);
                tomcat.shutdownOutput(); // the client finished sending; Tomcat answers what it has, then closes
            } catch (IOException ignored) {
                // the client's side closed
            }
            try {
                back.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] b = new byte[SPLICE_BUFFER];
        int n;
        while ((n = in.read(b)) >= 0) {
            out.write(b, 0, n);
        }
    }

    /** Closes the socket of a read or write that passed its deadline; true when it did. */
    boolean expireIfLate(long now) {
        if (spliced) return false; // Tomcat's own timeouts hold from the splice on
        long r = input.deadline;
        long w = output.deadline;
        if ((r != 0 && now - r > 0) || (w != 0 && now - w > 0)) {
            timedOut = true;
            close();
            return true;
        }
        return false;
    }

    boolean busy() {
        return busy;
    }

    boolean spliced() {
        return spliced;
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }
}
