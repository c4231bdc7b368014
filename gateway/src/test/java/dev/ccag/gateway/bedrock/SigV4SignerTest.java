package dev.ccag.gateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** The lean signer must put exactly the headers on the wire that the AWS SDK's signer would. */
class SigV4SignerTest {

    static List<Arguments> cases() {
        AwsCredentials basic = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        AwsCredentials session = AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars", "FwoGZXIvYXdzEBYaDH+token/==");
        String arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4";
        return List.of(
                Arguments.of(basic, "https", "bedrock-runtime.us-east-1.amazonaws.com", -1, "", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", true, "{\"a\":1}"),
                Arguments.of(basic, "https", "bedrock-runtime.us-east-1.amazonaws.com", 443, "", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", false, "{}"),
                Arguments.of(session, "https", "bedrock-runtime.eu-west-1.amazonaws.com", -1, "", arn, true, "{\"x\":\"ü\"}"),
                Arguments.of(session, "http", "127.0.0.1", 4001, "", "global.anthropic.claude-opus-4-1-20250805-v1:0", false, ""),
                Arguments.of(basic, "http", "127.0.0.1", 80, "/prefix", "anthropic.claude-3-haiku-20240307-v1:0", true, "x".repeat(100_000)),
                Arguments.of(basic, "https", "vpce-0123.bedrock-runtime.us-west-2.vpce.amazonaws.com", 8443, "/a/b", arn, false, "{}"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void signsLikeTheAwsSdk(AwsCredentials credentials, String scheme, String host, int port, String basePath, String modelId,
                            boolean stream, String bodyText) {
        byte[] body = bodyText.getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.parse("2026-03-04T05:06:07Z");
        String region = host.contains("eu-west-1") ? "eu-west-1" : "us-east-1";
        String path = basePath + "/model/" + SdkHttpUtils.urlEncode(modelId) + (stream ? "/invoke-with-response-stream" : "/invoke");

        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol(scheme).host(host)
                .port(port == -1 ? null : port).encodedPath(path).putHeader("Content-Type", "application/json");
        unsigned.putHeader(stream ? "X-Amzn-Bedrock-Accept" : "Accept", "application/json");
        SdkHttpRequest sdk = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC))).request();

        String hostHeader = port == -1 || SdkHttpUtils.isUsingStandardPort(scheme, port) ? host : host + ":" + port;
        SigV4Signer.Signed ours = new SigV4Signer("bedrock").sign(credentials, region, SigV4Signer.canonicalUri(path), hostHeader,
                stream ? "x-amzn-bedrock-accept" : "accept", body, now);

        Map<String, String> expected = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sdk.headers().forEach((k, v) -> expected.put(k, String.join(",", v)));
        assertThat(ours.authorization()).isEqualTo(expected.get("Authorization"));
        assertThat(ours.amzDate()).isEqualTo(expected.get("X-Amz-Date"));
        assertThat(ours.payloadHash()).isEqualTo(expected.get("x-amz-content-sha256"));
        assertThat(ours.sessionToken()).isEqualTo(expected.get("X-Amz-Security-Token"));
        assertThat(hostHeader).isEqualTo(expected.get("Host"));
        assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(credentials instanceof AwsSessionCredentials
                ? List.of("Authorization", "Content-Type", "Host", "x-amz-content-sha256", "X-Amz-Date", "X-Amz-Security-Token",
                        stream ? "X-Amzn-Bedrock-Accept" : "Accept")
                : List.of("Authorization", "Content-Type", "Host", "x-amz-content-sha256", "X-Amz-Date",
                        stream ? "X-Amzn-Bedrock-Accept" : "Accept"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theCachedKeyFollowsTheDayAndTheSecret(AwsCredentials credentials, String scheme, String host, int port, String basePath,
                                               String modelId, boolean stream, String bodyText) {
        SigV4Signer signer = new SigV4Signer("bedrock");
        byte[] body = bodyText.getBytes(StandardCharsets.UTF_8);
        String uri = SigV4Signer.canonicalUri("/model/" + SdkHttpUtils.urlEncode(modelId) + "/invoke");
        Instant day1 = Instant.parse("2026-03-04T23:59:59Z");
        Instant day2 = Instant.parse("2026-03-05T00:00:00Z");
        String first = signer.sign(credentials, "us-east-1", uri, host, "accept", body, day1).authorization();
        String second = signer.sign(credentials, "us-east-1", uri, host, "accept", body, day2).authorization();
        String fresh = new SigV4Signer("bedrock").sign(credentials, "us-east-1", uri, host, "accept", body, day2).authorization();
        assertThat(second).isEqualTo(fresh).isNotEqualTo(first).contains("/20260305/us-east-1/bedrock/aws4_request");
        AwsCredentials rotated = AwsBasicCredentials.create(credentials.accessKeyId(), "another-secret");
        assertThat(signer.sign(rotated, "us-east-1", uri, host, "accept", body, day2).authorization())
                .isEqualTo(new SigV4Signer("bedrock").sign(rotated, "us-east-1", uri, host, "accept", body, day2).authorization())
                .isNotEqualTo(fresh);
    }
}
