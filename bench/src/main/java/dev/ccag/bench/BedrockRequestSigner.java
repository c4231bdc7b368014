package dev.ccag.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Builds complete, SigV4-signed Bedrock Runtime requests with the same signer, signing name and
 * headers as the gateway's Bedrock client, so the emulator verifies the same signature work whether
 * a call comes from the load generator or from the gateway.
 */
public final class BedrockRequestSigner {
    private static final String SIGNING_NAME = "bedrock";
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity credentials;
    private final String region;

    public BedrockRequestSigner(String accessKeyId, String secretAccessKey, String region) {
        this.credentials = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
        this.region = region;
    }

    /**
     * @param host      the host the signature names; the emulator's, also when the bytes go through nginx
     *                  (which passes the Host header on unchanged)
     * @param rawPath   {@code /model/<url-encoded id>/invoke} or {@code .../invoke-with-response-stream}
     */
    public byte[] sign(String host, int port, String rawPath, byte[] body) {
        boolean stream = rawPath.endsWith("/invoke-with-response-stream");
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .protocol("http")
                .host(host)
                .port(port)
                .encodedPath(rawPath)
                .putHeader("Content-Type", "application/json")
                .putHeader(stream ? "X-Amzn-Bedrock-Accept" : "Accept", "application/json");
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials)
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        StringBuilder head = new StringBuilder(512).append("POST ").append(rawPath).append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Length")) continue;
            hasHost |= h.getKey().equalsIgnoreCase("Host");
            for (String v : h.getValue()) head.append(h.getKey()).append(": ").append(v).append("\r\n");
        }
        if (!hasHost) head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    static byte[] concat(byte[] head, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + body.length);
        out.writeBytes(head);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
