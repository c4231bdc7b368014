package dev.ccag.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an {@code Authorization: AWS4-HMAC-SHA256 …} header the way AWS's front door does, with
 * AWS's error names and messages, so a gateway signing bug shows up as it would against Bedrock.
 */
final class SigV4Verifier {
    static final String SERVICE = "bedrock";
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you provided."
            + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Map<String, AwsCredential> credentials = new HashMap<>();
    private final Duration maxSkew;
    private final Clock clock;

    SigV4Verifier(List<AwsCredential> credentials, Duration maxSkew, Clock clock) {
        for (AwsCredential c : credentials) this.credentials.put(c.accessKeyId(), c);
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    void verify(IncomingRequest request, String authorization) {
        Map<String, String> params = parameters(authorization.substring(SigV4.ALGORITHM.length()));
        String credential = params.get("Credential");
        String signedHeadersParam = params.get("SignedHeaders");
        String signature = params.get("Signature");
        if (credential == null || signedHeadersParam == null || signature == null) {
            throw BedrockError.INCOMPLETE_SIGNATURE.with("Authorization header requires 'Credential', 'Signature' and"
                    + " 'SignedHeaders' parameters. Authorization=" + SigV4.ALGORITHM + " " + redact(params));
        }
        String[] scope = credential.split("/");
        if (scope.length != 5) {
            throw BedrockError.INCOMPLETE_SIGNATURE.with("Credential must have exactly 5 slash-delimited elements, e.g."
                    + " keyid/date/region/service/term, got '" + credential + "'");
        }
        AwsCredential known = credentials.get(scope[0]);
        if (known == null) throw BedrockError.UNRECOGNIZED_CLIENT.with(INVALID_TOKEN);
        if (!SERVICE.equals(scope[3])) {
            throw BedrockError.INVALID_SIGNATURE.with("Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        if (!"aws4_request".equals(scope[4])) {
            throw BedrockError.INVALID_SIGNATURE.with("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + scope[4] + "'. ");
        }
        if (known.sessionToken() != null && !known.sessionToken().equals(request.header("x-amz-security-token"))) {
            throw BedrockError.UNRECOGNIZED_CLIENT.with(INVALID_TOKEN);
        }
        String amzDate = request.header("x-amz-date");
        if (amzDate == null) {
            throw BedrockError.INCOMPLETE_SIGNATURE.with("Authorization header requires existence of a 'X-Amz-Date' header.");
        }
        checkClock(amzDate);
        if (!amzDate.startsWith(scope[1])) {
            throw BedrockError.INVALID_SIGNATURE.with("Date in Credential scope does not match YYYYMMDD from ISO-8601 version"
                    + " of date from HTTP: '" + scope[1] + "' != '" + amzDate.substring(0, Math.min(8, amzDate.length()))
                    + "', from '" + amzDate + "'.");
        }
        List<String> signedHeaders = Arrays.asList(signedHeadersParam.split(";"));
        if (!signedHeaders.contains("host")) {
            throw BedrockError.INVALID_SIGNATURE.with("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String canonical = SigV4.canonicalRequest(request.method(), request.rawPath(), request.rawQuery(), signedHeaders,
                request.headers(), payloadHash(request));
        String toSign = SigV4.stringToSign(amzDate, String.join("/", scope[1], scope[2], scope[3], scope[4]), canonical);
        String expected = SigV4.signature(SigV4.signingKey(known.secretAccessKey(), scope[1], scope[2], scope[3]), toSign);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw BedrockError.INVALID_SIGNATURE.with(SIGNATURE_MISMATCH);
        }
    }

    /** The body's hash; a client-declared {@code x-amz-content-sha256} counts only when it is the truth. */
    private static String payloadHash(IncomingRequest request) {
        String actual = SigV4.sha256Hex(request.body());
        String declared = request.header("x-amz-content-sha256");
        return declared != null && declared.equalsIgnoreCase(actual) ? declared : actual;
    }

    private void checkClock(String amzDate) {
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw BedrockError.INCOMPLETE_SIGNATURE.with("Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'.");
        }
        Instant now = clock.instant();
        long minutes = maxSkew.toMinutes();
        if (signedAt.isBefore(now.minus(maxSkew))) {
            throw BedrockError.INVALID_SIGNATURE.with("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(maxSkew)) + " (" + AMZ_DATE.format(now) + " - " + minutes + " min.)");
        }
        if (signedAt.isAfter(now.plus(maxSkew))) {
            throw BedrockError.INVALID_SIGNATURE.with("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(maxSkew)) + " (" + AMZ_DATE.format(now) + " + " + minutes + " min.)");
        }
    }

    private static Map<String, String> parameters(String rest) {
        Map<String, String> out = new HashMap<>();
        for (String part : rest.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq > 0) out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return out;
    }

    private static String redact(Map<String, String> params) {
        Map<String, String> copy = new HashMap<>(params);
        copy.computeIfPresent("Signature", (k, v) -> "…");
        return copy.toString();
    }
}
