package dev.ccag.gateway.proxy;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The pipeline's answer to the client. Headers set before the response is committed go out with
 * it; a response is committed once {@link #send} or {@link #startStream} wrote its head.
 */
public interface ClientResponse {
    /** Sets (replaces) a header; ignored once the response is committed. */
    void setHeader(String name, String value);

    boolean isCommitted();

    /**
     * Sends the whole response at once: status, the headers set so far, content type and length, and
     * the body (one write where the transport allows). Only before the response is committed.
     */
    void send(int status, String contentType, byte[] body) throws IOException;

    /**
     * Sends the head of a response whose length is not known (chunked on HTTP/1.1) and returns its body:
     * what is written goes out at each {@code flush()}; the body ends when the exchange ends.
     */
    OutputStream startStream(int status, String contentType) throws IOException;
}
