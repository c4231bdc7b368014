package dev.ccag.gateway.bedrock;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Sends SigV4-signed Bedrock Runtime calls. {@link SigV4Signer} signs exactly as the AWS SDK would
 * (service {@code bedrock}, double URI-encoded canonical path), at a fraction of its cost; a pooled
 * blocking HTTP client carries the bytes, which suits
 * virtual threads and lets the relay read the event stream as it arrives, with no reactive
 * plumbing between Bedrock and the client socket.
 */
public final class BedrockHttpClient implements AutoCloseable {
    private static final String SIGNING_NAME = "bedrock";
    private final SigV4Signer signer = new SigV4Signer(SIGNING_NAME);
    private final CloseableHttpClient http;
    private final RequestConfig requestConfig;
    /** Parsed targets per endpoint, model and operation: parsing a URI on every call showed in profiles. */
    private final Map<String, Target> targets = new java.util.concurrent.ConcurrentHashMap<>();

    private record Target(HttpHost host, URI uri, String encodedPath, String canonicalUri, String hostHeader) {}
    private static final String ACCEPT = "accept";
    private static final String STREAM_ACCEPT = "x-amzn-bedrock-accept";

    public BedrockHttpClient(Duration connectTimeout, Duration responseTimeout, int maxConnections) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(responseTimeout))
                        .setValidateAfterInactivity(Timeout.ofSeconds(2))
                        .build())
                .build();
        this.requestConfig = RequestConfig.custom().setResponseTimeout(Timeout.of(responseTimeout)).build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .disableContentCompression()
                .disableRedirectHandling()
                .disableAutomaticRetries() // a retry of a model call is a decision for the pipeline, not the transport
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
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
        SigV4Signer.Signed signed = signer.sign(endpoint.credentials().resolveCredentials(), endpoint.region(),
                target.canonicalUri(), target.hostHeader(), operation == BedrockOperation.INVOKE_STREAM ? STREAM_ACCEPT : ACCEPT,
                body, Instant.now());
        HttpPost post = new HttpPost(target.uri());
        post.setConfig(requestConfig);
        // Host and Content-Length are written by the transport, with the same values that were signed.
        post.addHeader("Content-Type", "application/json");
        post.addHeader(operation == BedrockOperation.INVOKE_STREAM ? "X-Amzn-Bedrock-Accept" : "Accept", "application/json");
        post.addHeader("x-amz-content-sha256", signed.payloadHash());
        post.addHeader("X-Amz-Date", signed.amzDate());
        if (signed.sessionToken() != null) post.addHeader("X-Amz-Security-Token", signed.sessionToken());
        post.addHeader("Authorization", signed.authorization());
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        ClassicHttpResponse response = http.executeOpen(target.host(), post, null);
        return new UpstreamResponse(post, response);
    }

    private static Target target(URI base, String modelId, BedrockOperation operation) {
        String path = basePath(base) + "/model/" + SdkHttpUtils.urlEncode(modelId) + "/" + operation.pathSuffix();
        // The Host value the SDK signer signed: the port only when it is not the scheme's default.
        int port = base.getPort();
        String host = port == -1 || SdkHttpUtils.isUsingStandardPort(base.getScheme(), port) ? base.getHost() : base.getHost() + ":" + port;
        return new Target(HttpHost.create(base), URI.create(base.getScheme() + "://" + base.getRawAuthority() + path), path,
                SigV4Signer.canonicalUri(path), host);
    }

    private static String basePath(URI base) {
        String p = base.getRawPath();
        if (p == null || p.isEmpty() || p.equals("/")) {
            return "";
        }
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
