package dev.ccag.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of an API key under the server-side pepper. Only this digest is ever stored; a
 * leaked database or config file does not reveal usable keys without the pepper.
 */
public final class KeyHasher {
    private static final String ALGORITHM = "HmacSHA256";
    private final Mac prototype;

    public KeyHasher(byte[] pepper) {
        if (pepper.length < 16) {
            throw new IllegalArgumentException("the key pepper must be at least 16 bytes");
        }
        try {
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(pepper, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Lower-case hex digest of the key. */
    public String hash(String key) {
        return HexFormat.of().formatHex(mac().doFinal(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time comparison of two hex digests. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private Mac mac() {
        // Mac is not thread-safe; cloning an initialised prototype is far cheaper than init().
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
