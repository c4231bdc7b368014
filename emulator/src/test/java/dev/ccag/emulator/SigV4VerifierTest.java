package dev.ccag.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4VerifierTest {
    static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    static final String AMZ_NOW = "20260115T100000Z";
    static final String PATH = "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke";
    static final byte[] BODY = "{\"max_tokens\":1}".getBytes(StandardCharsets.UTF_8);
    static final SigV4Verifier VERIFIER = new SigV4Verifier(List.of(new AwsCredential("CCAGKEY1", "secret1")),
            Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

    /** AWS's published SigV4 test-suite case "get-vanilla". */
    @Test
    void reproducesAwsPublishedGetVanillaSignature() {
        Map<String, List<String>> headers = Map.of("host", List.of("example.amazonaws.com"), "x-amz-date", List.of("20150830T123600Z"));
        String canonical = SigV4.canonicalRequest("GET", "/", null, List.of("host", "x-amz-date"), headers, SigV4.sha256Hex(new byte[0]));
        assertThat(canonical).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        String toSign = SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical);
        String signature = SigV4.signature(SigV4.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "service"), toSign);
        assertThat(signature).isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void canonicalUriEncodesTheWirePathAgain() {
        assertThat(SigV4.canonicalUri(PATH)).isEqualTo("/model/us.anthropic.claude-sonnet-4-5-20250929-v1%253A0/invoke");
        assertThat(SigV4.canonicalUri("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Aapplication-inference-profile%2Fab/invoke"))
                .isEqualTo("/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A1%253Aapplication-inference-profile%252Fab/invoke");
        // a client that left ':' unencoded on the wire signed the same canonical form
        assertThat(SigV4.canonicalUri("/model/anthropic.claude-sonnet-4-6:0/invoke")).isEqualTo("/model/anthropic.claude-sonnet-4-6%253A0/invoke");
    }

    @Test
    void canonicalQuerySortsAndEncodes() {
        assertThat(SigV4.canonicalQuery("b=2&a=x y&a=1")).isEqualTo("a=1&a=x%20y&b=2");
        assertThat(SigV4.canonicalQuery(null)).isEmpty();
    }

    @Test
    void acceptsACorrectSignature() {
        assertThatCode(() -> verify(signed(AMZ_NOW, "bedrock", "CCAGKEY1", "secret1", BODY))).doesNotThrowAnyException();
    }

    @Test
    void acceptsWithinTheAllowedSkew() {
        assertThatCode(() -> verify(signed("20260115T100430Z", "bedrock", "CCAGKEY1", "secret1", BODY))).doesNotThrowAnyException();
        assertThatCode(() -> verify(signed("20260115T095530Z", "bedrock", "CCAGKEY1", "secret1", BODY))).doesNotThrowAnyException();
    }

    @Test
    void rejectsATamperedBody() {
        Signed s = signed(AMZ_NOW, "bedrock", "CCAGKEY1", "secret1", BODY);
        IncomingRequest tampered = new IncomingRequest("POST", PATH, null, s.request.headers(), "{\"max_tokens\":9}".getBytes(StandardCharsets.UTF_8));
        assertRejected(new Signed(tampered, s.authorization), BedrockError.INVALID_SIGNATURE, SigV4Verifier.SIGNATURE_MISMATCH);
    }

    @Test
    void aDeclaredPayloadHashCountsOnlyWhenTrue() {
        Signed s = signed(AMZ_NOW, "bedrock", "CCAGKEY1", "secret1", BODY, "x-amz-content-sha256", SigV4.sha256Hex(BODY));
        assertThatCode(() -> verify(s)).doesNotThrowAnyException();
        // signed over a claimed hash of other bytes: the emulator hashes the body it got, so the signature no longer matches
        Signed lying = signed(AMZ_NOW, "bedrock", "CCAGKEY1", "secret1", BODY, "x-amz-content-sha256", SigV4.sha256Hex(new byte[0]));
        assertRejected(lying, BedrockError.INVALID_SIGNATURE, SigV4Verifier.SIGNATURE_MISMATCH);
    }

    @Test
    void rejectsSkewedClocks() {
        assertRejected(signed("20260115T095400Z", "bedrock", "CCAGKEY1", "secret1", BODY), BedrockError.INVALID_SIGNATURE,
                "Signature expired: 20260115T095400Z is now earlier than 20260115T095500Z (20260115T100000Z - 5 min.)");
        assertRejected(signed("20260115T100600Z", "bedrock", "CCAGKEY1", "secret1", BODY), BedrockError.INVALID_SIGNATURE,
                "Signature not yet current: 20260115T100600Z is still later than 20260115T100500Z (20260115T100000Z + 5 min.)");
    }

    @Test
    void requiresTheBedrockSigningName() {
        assertRejected(signed(AMZ_NOW, "bedrock-runtime", "CCAGKEY1", "secret1", BODY), BedrockError.INVALID_SIGNATURE,
                "Credential should be scoped to correct service: 'bedrock'. ");
    }

    @Test
    void unknownKeysAreUnrecognizedClients() {
        assertRejected(signed(AMZ_NOW, "bedrock", "OTHERKEY", "secret1", BODY), BedrockError.UNRECOGNIZED_CLIENT, SigV4Verifier.INVALID_TOKEN);
    }

    @Test
    void hostMustBeSigned() {
        Signed s = signed(AMZ_NOW, "bedrock", "CCAGKEY1", "secret1", BODY);
        String withoutHost = s.authorization.replace("SignedHeaders=content-type;host;x-amz-date", "SignedHeaders=content-type;x-amz-date");
        assertRejected(new Signed(s.request, withoutHost), BedrockError.INVALID_SIGNATURE,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void incompleteHeadersAreIncompleteSignatures() {
        Signed s = signed(AMZ_NOW, "bedrock", "CCAGKEY1", "secret1", BODY);
        String noSignature = s.authorization.substring(0, s.authorization.indexOf(", Signature="));
        assertThatThrownBy(() -> VERIFIER.verify(s.request, noSignature))
                .isInstanceOfSatisfying(BedrockException.class, e -> assertThat(e.error).isEqualTo(BedrockError.INCOMPLETE_SIGNATURE));
    }

    @Test
    void authenticatorAcceptsConfiguredBearerKeysAndRequiresSomeAuthentication() {
        EmulatorSettings settings = EmulatorSettings.defaults().withBearerKeys(List.of("bedrock-api-key-123"));
        Authenticator auth = new Authenticator(settings, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThatCode(() -> auth.authenticate(request("Bearer bedrock-api-key-123"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> auth.authenticate(request("Bearer wrong")))
                .isInstanceOfSatisfying(BedrockException.class, e -> assertThat(e.error).isEqualTo(BedrockError.UNRECOGNIZED_CLIENT));
        assertThatThrownBy(() -> auth.authenticate(request(null)))
                .isInstanceOfSatisfying(BedrockException.class, e -> {
                    assertThat(e.error).isEqualTo(BedrockError.MISSING_AUTHENTICATION_TOKEN);
                    assertThat(e.error.status).isEqualTo(403);
                });
        Authenticator off = new Authenticator(settings.withSigv4Enabled(false), Clock.systemUTC());
        assertThatCode(() -> off.authenticate(request(null))).doesNotThrowAnyException();
    }

    private static IncomingRequest request(String authorization) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("host", List.of("127.0.0.1:4000"));
        if (authorization != null) headers.put("authorization", List.of(authorization));
        return new IncomingRequest("POST", PATH, null, headers, BODY);
    }

    record Signed(IncomingRequest request, String authorization) {}

    static Signed signed(String amzDate, String service, String key, String secret, byte[] body, String... extraHeader) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("host", List.of("127.0.0.1:4000"));
        headers.put("content-type", List.of("application/json"));
        headers.put("x-amz-date", List.of(amzDate));
        String payloadHash = SigV4.sha256Hex(body);
        if (extraHeader.length == 2) {
            headers.put(extraHeader[0], List.of(extraHeader[1]));
            payloadHash = extraHeader[1];
        }
        List<String> signedHeaders = List.of("content-type", "host", "x-amz-date");
        String date = amzDate.substring(0, 8);
        String canonical = SigV4.canonicalRequest("POST", PATH, null, signedHeaders, headers, payloadHash);
        String toSign = SigV4.stringToSign(amzDate, date + "/us-east-1/" + service + "/aws4_request", canonical);
        String signature = SigV4.signature(SigV4.signingKey(secret, date, "us-east-1", service), toSign);
        String authorization = "AWS4-HMAC-SHA256 Credential=" + key + "/" + date + "/us-east-1/" + service
                + "/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=" + signature;
        headers.put("authorization", List.of(authorization));
        return new Signed(new IncomingRequest("POST", PATH, null, headers, body), authorization);
    }

    private static void verify(Signed s) {
        VERIFIER.verify(s.request, s.authorization);
    }

    private static void assertRejected(Signed s, BedrockError error, String message) {
        assertThatThrownBy(() -> verify(s)).isInstanceOfSatisfying(BedrockException.class, e -> {
            assertThat(e.error).isEqualTo(error);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
