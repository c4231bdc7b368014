package dev.ccag.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One request, prepared for every route: the Anthropic call for the gateway, and for direct and nginx
 * the Bedrock call the gateway itself makes for it, taken from the emulator's request log and signed
 * here. So the emulator parses, validates and answers the same body on every route, and the
 * difference between routes is the proxy alone.
 */
public record Scenario(String name, Map<String, RequestSource> requests, Map<String, ResponseCheck> checks) {
    private static final Duration SIGNATURE_MAX_AGE = Duration.ofSeconds(60);

    public RequestSource request(Route route) {
        return requests.get(route.name());
    }

    public ResponseCheck check(Route route) {
        return checks.get(route.name());
    }

    /**
     * @param anthropicBody the Messages API body
     * @param betas         an {@code anthropic-beta} header value, or null
     */
    public static Scenario prepare(String name, BenchContext ctx, byte[] anthropicBody, String betas,
                                   ResponseCheck anthropicCheck, ResponseCheck bedrockCheck) throws IOException {
        Route gateway = ctx.gateway();
        byte[] gatewayRequest = anthropicRequest(gateway, ctx.key(), anthropicBody, betas);
        UpstreamCall upstream = captureUpstream(ctx, gatewayRequest);
        Map<String, RequestSource> requests = new LinkedHashMap<>();
        Map<String, ResponseCheck> checks = new LinkedHashMap<>();
        RequestSource signed = RequestSource.resigning(
                () -> ctx.signer().sign(ctx.direct().host(), ctx.direct().port(), upstream.rawPath(), upstream.body()),
                SIGNATURE_MAX_AGE);
        for (Route r : ctx.routes()) {
            // nginx passes the Host header through, so the very bytes signed for the emulator work there too.
            requests.put(r.name(), r.anthropic() ? RequestSource.fixed(gatewayRequest) : signed);
            checks.put(r.name(), r.anthropic() ? anthropicCheck : bedrockCheck);
        }
        return new Scenario(name, requests, checks);
    }

    static byte[] anthropicRequest(Route gateway, String key, byte[] body, String betas) {
        StringBuilder head = new StringBuilder(256)
                .append("POST /v1/messages HTTP/1.1\r\n")
                .append("Host: ").append(gateway.host()).append(':').append(gateway.port()).append("\r\n")
                .append("x-api-key: ").append(key).append("\r\n")
                .append("anthropic-version: 2023-06-01\r\n")
                .append("content-type: application/json\r\n");
        if (betas != null) head.append("anthropic-beta: ").append(betas).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return BedrockRequestSigner.concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    /** Sends the request through the gateway once and reads back what the gateway sent the emulator. */
    static UpstreamCall captureUpstream(BenchContext ctx, byte[] gatewayRequest) throws IOException {
        try (RawHttpConnection gw = new RawHttpConnection(ctx.gateway().host(), ctx.gateway().port());
             RawHttpConnection emu = new RawHttpConnection(ctx.direct().host(), ctx.direct().port())) {
            RawHttpConnection.Response r = gw.exchange(gatewayRequest);
            if (r.status() != 200) {
                throw new IOException("the gateway answered " + r.status() + ": " + new String(gw.body(), StandardCharsets.UTF_8));
            }
            String get = "GET /_emulator/requests?limit=1 HTTP/1.1\r\nHost: " + ctx.direct().host() + ":" + ctx.direct().port() + "\r\n\r\n";
            RawHttpConnection.Response log = emu.exchange(get.getBytes(StandardCharsets.ISO_8859_1));
            if (log.status() != 200) throw new IOException("emulator request log: HTTP " + log.status());
            JsonNode last = ResponseCheck.JSON.readTree(emu.body()).path(0);
            JsonNode body = last.path("body");
            byte[] bytes = body.isString() ? body.asString().getBytes(StandardCharsets.UTF_8)
                    : ResponseCheck.JSON.writeValueAsBytes(body);
            return new UpstreamCall(last.path("path").asString(), bytes);
        }
    }

    /** What the gateway sent upstream. */
    record UpstreamCall(String rawPath, byte[] body) {}
}
