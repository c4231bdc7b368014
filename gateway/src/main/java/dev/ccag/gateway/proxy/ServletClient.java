package dev.ccag.gateway.proxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.List;

/** The pipeline's view of a request Tomcat serves (through {@link ProxyFilter}). */
final class ServletClient {
    private ServletClient() {}

    static ClientRequest request(HttpServletRequest request) {
        return new ClientRequest() {
            @Override
            public String method() {
                return request.getMethod();
            }

            @Override
            public String path() {
                return request.getRequestURI();
            }

            @Override
            public String header(String name) {
                return request.getHeader(name);
            }

            @Override
            public List<String> headers(String name) {
                var values = request.getHeaders(name);
                return values == null ? List.of() : Collections.list(values);
            }

            @Override
            public long contentLength() {
                return request.getContentLengthLong();
            }

            @Override
            public InputStream body() throws IOException {
                return request.getInputStream();
            }

            @Override
            public String queryParameter(String name) {
                return request.getParameter(name);
            }
        };
    }

    static ClientResponse response(HttpServletResponse response) {
        return new ClientResponse() {
            @Override
            public void setHeader(String name, String value) {
                if (!response.isCommitted()) response.setHeader(name, value);
            }

            @Override
            public boolean isCommitted() {
                return response.isCommitted();
            }

            @Override
            public void send(int status, String contentType, byte[] body) throws IOException {
                response.resetBuffer();
                response.setStatus(status);
                response.setContentType(contentType);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
                response.flushBuffer();
            }

            @Override
            public OutputStream startStream(int status, String contentType) throws IOException {
                response.setStatus(status);
                response.setContentType(contentType);
                OutputStream out = response.getOutputStream();
                response.flushBuffer();
                return out;
            }
        };
    }
}
