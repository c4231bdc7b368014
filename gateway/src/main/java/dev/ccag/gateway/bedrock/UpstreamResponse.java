package dev.ccag.gateway.bedrock;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;

/** A Bedrock response whose body is still on the wire; close it, or abort it to drop the call. */
public final class UpstreamResponse implements AutoCloseable {
    private final HttpUriRequestBase request;
    private final ClassicHttpResponse response;

    UpstreamResponse(HttpUriRequestBase request, ClassicHttpResponse response) {
        this.request = request;
        this.response = response;
    }

    public int status() {
        return response.getCode();
    }

    public String header(String name) {
        Header h = response.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    public InputStream body() throws IOException {
        return response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
    }

    public byte[] readBody() throws IOException {
        try (InputStream in = body()) {
            return in.readAllBytes();
        }
    }

    /** Cuts the connection so Bedrock stops generating (and billing) for a client that left. */
    public void abort() {
        request.cancel();
    }

    @Override
    public void close() {
        try {
            response.close();
        } catch (IOException ignored) {
            // the connection is discarded either way
        }
    }
}
