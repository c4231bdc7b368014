package dev.ccag.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Signs thinking blocks the emulator writes and checks the ones a client sends back, as Bedrock
 * refuses a thinking block whose text or signature was altered.
 */
final class ThinkingSigner {
    private final byte[] key;

    ThinkingSigner(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    String sign(String thinking) {
        return Base64.getEncoder().encodeToString(SigV4.hmac(key, thinking));
    }

    boolean verify(String thinking, String signature) {
        if (thinking == null || signature == null) return false;
        return MessageDigest.isEqual(sign(thinking).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}
