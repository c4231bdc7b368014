package dev.ccag.gateway.bedrock;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Sends SigV4-signed Bedrock Runtime calls. {@link SigV4Signer} signs exactly as the AWS SDK would
 * (service {@code bedrock}, double URI-encoded canonical path), at a fraction of its cost; a pooled
 * blocking HTTP/1.1 client ({@link Http1Client}) carries the bytes, which suits
 * virtual threads and lets the relay read the event stream as it arrives, with no reactive
 * plumbing between Bedrock and the client socket.
 */
public final class BedrockHttpClient implements AutoCloseable {
    private static final String SIGNING_NAME = "bedrock";
    private final SigV4Signer signer = new SigV4Signer(SIGNING_NAME);
    private final Http1Client http;
    /** Parsed targets per endpoint, model and operation: parsing a URI on every call showed in profiles. */
    private final Map<String, Target> targets = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Everything about a call that does not change between calls.
     *
     * @param headPrefix the request line and Host header, ready to send
     */
    private record Target(Http1Client.Origin origin, String encodedPath, String canonicalUri, String hostHeader, String headPrefix) {}

    private static final String ACCEPT = "accept";
    private static final String STREAM_ACCEPT = "x-amzn-bedrock-accept";

    public BedrockHttpClient(Duration connectTimeout, Duration responseTimeout, int maxConnections) {
        this.http = new Http1Client(millis(connectTimeout), millis(responseTimeout), maxConnections);
    }

    /** Sends the call and returns once the response status and headers have arrived. */
    public UpstreamResponse send(BedrockEndpoint endpoint, BedrockOperation operation, String modelId, byte[] body)
            throws IOException {
        URI base = endpoint.baseUri();
        String key = base + " " + modelId + " " + operation.ordinal();
        Target target = targets.get(key);
        if (target == null) {
            target = target(base, modelId, operation);
            if (targets.size() < 10_000) { // bounded: model ids come from a catalog, but clients choose them
                targets.put(key, target);
            }
        }
        boolean stream = operation == BedrockOperation.INVOKE_STREAM;
        SigV4Signer.Signed signed = signer.sign(endpoint.credentials().resolveCredentials(), endpoint.region(),
                target.canonicalUri(), target.hostHeader(), stream ? STREAM_ACCEPT : ACCEPT, body, Instant.now());
        // The headers the signature covers, with the values signed; Host is in the prefix.
        StringBuilder head = new StringBuilder(target.headPrefix().length() + 512).append(target.headPrefix())
                .append("Content-Type: application/json\r\n")
                .append(stream ? "X-Amzn-Bedrock-Accept" : "Accept").append(": application/json\r\n")
                .append("x-amz-content-sha256: ").append(signed.payloadHash()).append("\r\n")
                .append("X-Amz-Date: ").append(signed.amzDate()).append("\r\n");
        if (signed.sessionToken() != null) head.append("X-Amz-Security-Token: ").append(signed.sessionToken()).append("\r\n");
        head.append("Authorization: ").append(signed.authorization()).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return new UpstreamResponse(http.execute(target.origin(), head.toString().getBytes(StandardCharsets.UTF_8), body));
    }

    private static Target target(URI base, String modelId, BedrockOperation operation) {
        String path = basePath(base) + "/model/" + SdkHttpUtils.urlEncode(modelId) + "/" + operation.pathSuffix();
        // The Host value the SDK signer signs: the port only when it is not the scheme's default.
        int port = base.getPort();
        String host = port == -1 || SdkHttpUtils.isUsingStandardPort(base.getScheme(), port) ? base.getHost() : base.getHost() + ":" + port;
        String prefix = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: ccag\r\n";
        return new Target(Http1Client.Origin.of(base.getScheme(), base.getHost(), port), path, SigV4Signer.canonicalUri(path), host, prefix);
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static String basePath(URI base) {
        String p = base.getRawPath();
        if (p == null || p.isEmpty() || p.equals("/")) {
            return "";
        }
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    @Override
    public void close() {
        http.close();
    }
}
