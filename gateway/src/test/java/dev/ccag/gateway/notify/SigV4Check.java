package dev.ccag.gateway.notify;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recomputes an AWS Signature Version 4 the way AWS's front door does and compares it with the
 * request's {@code Authorization} header, so the doubles accept only requests AWS would accept.
 */
final class SigV4Check {
    private final String accessKeyId;
    private final String secretKey;
    private final String service;

    SigV4Check(String accessKeyId, String secretKey, String service) {
        this.accessKeyId = accessKeyId;
        this.secretKey = secretKey;
        this.service = service;
    }

    /** @return null when the signature is valid, otherwise why not */
    String problem(HttpExchange exchange, byte[] body) throws Exception {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 ")) return "missing AWS4-HMAC-SHA256 Authorization";
        Map<String, String> params = Arrays.stream(auth.substring("AWS4-HMAC-SHA256 ".length()).split(","))
                .map(String::trim).map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> p[1]));
        String[] scope = params.get("Credential").split("/");
        if (scope.length != 5 || !scope[0].equals(accessKeyId) || !scope[3].equals(service) || !scope[4].equals("aws4_request")) {
            return "bad credential scope " + params.get("Credential") + " (want service " + service + ")";
        }
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        List<String> signed = List.of(params.get("SignedHeaders").split(";"));
        StringBuilder headers = new StringBuilder();
        for (String h : signed) {
            List<String> values = exchange.getRequestHeaders().get(h);
            if (values == null) return "signed header " + h + " missing";
            headers.append(h).append(':').append(values.stream().map(String::trim).collect(Collectors.joining(","))).append('\n');
        }
        String payloadHash = exchange.getRequestHeaders().getFirst("X-Amz-Content-Sha256");
        if (payloadHash == null) payloadHash = hex(sha256(body));
        String canonical = exchange.getRequestMethod() + "\n" + exchange.getRequestURI().getRawPath() + "\n"
                + canonicalQuery(exchange.getRequestURI().getRawQuery()) + "\n" + headers + "\n"
                + params.get("SignedHeaders") + "\n" + payloadHash;
        String credentialScope = String.join("/", scope[1], scope[2], scope[3], scope[4]);
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + credentialScope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, toSign));
        return expected.equals(params.get("Signature")) ? null : "signature mismatch";
    }

    private static String canonicalQuery(String raw) {
        if (raw == null || raw.isEmpty()) return "";
        TreeMap<String, String> sorted = new TreeMap<>();
        for (String p : raw.split("&")) {
            String[] kv = p.split("=", 2);
            sorted.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
