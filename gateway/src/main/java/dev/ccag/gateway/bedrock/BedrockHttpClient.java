package dev.ccag.gateway.bedrock;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
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
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Sends SigV4-signed Bedrock Runtime calls. The AWS SDK signs (service {@code bedrock}, double
 * URI-encoded canonical path); a pooled blocking HTTP client carries the bytes, which suits
 * virtual threads and lets the relay read the event stream as it arrives, with no reactive
 * plumbing between Bedrock and the client socket.
 */
public final class BedrockHttpClient implements AutoCloseable {
    private static final String SIGNING_NAME = "bedrock";
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final CloseableHttpClient http;
    private final RequestConfig requestConfig;
    /** Parsed targets per endpoint, model and operation: parsing a URI on every call showed in profiles. */
    private final Map<String, Target> targets = new java.util.concurrent.ConcurrentHashMap<>();

    private record Target(HttpHost host, URI uri, String encodedPath) {}

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
        String path = target.encodedPath();
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .protocol(base.getScheme())
                .host(base.getHost())
                .port(base.getPort() == -1 ? null : base.getPort())
                .encodedPath(path)
                .putHeader("Content-Type", "application/json");
        if (operation == BedrockOperation.INVOKE_STREAM) {
            unsigned.putHeader("X-Amzn-Bedrock-Accept", "application/json");
        } else {
            unsigned.putHeader("Accept", "application/json");
        }
        SignedRequest signed = signer.sign(r -> r
                .identity(endpoint.credentials().resolveCredentials())
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, endpoint.region()));

        HttpPost post = new HttpPost(target.uri());
        post.setConfig(requestConfig);
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("Host") || h.getKey().equalsIgnoreCase("Content-Length")) {
                continue; // the transport writes these itself, with the same values that were signed
            }
            for (String v : h.getValue()) {
                post.addHeader(h.getKey(), v);
            }
        }
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        ClassicHttpResponse response = http.executeOpen(target.host(), post, null);
        return new UpstreamResponse(post, response);
    }

    private static Target target(URI base, String modelId, BedrockOperation operation) {
        String path = basePath(base) + "/model/" + SdkHttpUtils.urlEncode(modelId) + "/" + operation.pathSuffix();
        return new Target(HttpHost.create(base), URI.create(base.getScheme() + "://" + base.getRawAuthority() + path), path);
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
