package dev.ccag.emulator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Reading servlet requests into {@link IncomingRequest} and writing Bedrock-style responses. */
final class HttpIo {
    static final String REQUEST_ID = "x-amzn-RequestId";
    static final String ERROR_TYPE = "x-amzn-ErrorType";

    private HttpIo() {}

    static IncomingRequest read(HttpServletRequest req) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            List<String> values = headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
            values.addAll(Collections.list(req.getHeaders(name)));
        }
        // HTTP/2 carries the host as :authority, which Tomcat does not list among the headers; SigV4 signs it as host.
        if (!headers.containsKey("host")) headers.put("host", List.of(authority(req)));
        headers.replaceAll((k, v) -> List.copyOf(v));
        byte[] body = req.getInputStream().readAllBytes();
        return new IncomingRequest(req.getMethod(), req.getRequestURI(), req.getQueryString(), Map.copyOf(headers), body);
    }

    private static String authority(HttpServletRequest req) {
        String host = req.getServerName();
        if (host.indexOf(':') >= 0) host = "[" + host + "]";
        int port = req.getServerPort();
        boolean defaultPort = port == ("https".equals(req.getScheme()) ? 443 : 80);
        return defaultPort ? host : host + ":" + port;
    }

    static void error(HttpServletResponse resp, String requestId, BedrockException e) throws IOException {
        resp.setStatus(e.error.status);
        resp.setHeader(ERROR_TYPE, e.error.errorTypeHeader());
        json(resp, requestId, Json.MAPPER.createObjectNode().put("message", e.getMessage()).toString().getBytes(StandardCharsets.UTF_8));
    }

    static void json(HttpServletResponse resp, String requestId, byte[] body) throws IOException {
        if (requestId != null) resp.setHeader(REQUEST_ID, requestId);
        resp.setContentType("application/json");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
