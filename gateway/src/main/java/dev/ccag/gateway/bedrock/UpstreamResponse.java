package dev.ccag.gateway.bedrock;

import java.io.IOException;
import java.io.InputStream;

/** A Bedrock response whose body is still on the wire; close it, or abort it to drop the call. */
public final class UpstreamResponse implements AutoCloseable {
    private final Http1Client.Response response;

    UpstreamResponse(Http1Client.Response response) {
        this.response = response;
    }

    public int status() {
        return response.status();
    }

    public String header(String name) {
        return response.header(name);
    }

    /** The body as it arrives; closing it reads what is left (so the connection can be reused). */
    public InputStream body() throws IOException {
        return response.body();
    }

    public byte[] readBody() throws IOException {
        try (InputStream in = body()) {
            long length = response.contentLength();
            // Sized from Content-Length: readAllBytes() starts with a 16 KiB buffer, mostly wasted on small answers.
            if (length >= 0 && length < Integer.MAX_VALUE - 8) {
                return in.readNBytes((int) length);
            }
            return in.readAllBytes();
        }
    }

    /** Cuts the connection so Bedrock stops generating (and billing) for a client that left. */
    public void abort() {
        response.abort();
    }

    /** Returns the connection to the pool when the body was read to its end, and closes it otherwise. */
    @Override
    public void close() {
        response.close();
    }
}
