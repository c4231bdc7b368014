package dev.ccag.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * CCAG key format: {@code sk-ccag-} + 43 base62 characters (32 random bytes) + 6 base62 characters
 * of CRC32 over the body. The prefix makes keys recognisable; the checksum lets secret scanners
 * tell a real key from a look-alike offline, and lets the gateway reject typos without a lookup.
 */
public final class ApiKeyFormat {
    public static final String PREFIX = "sk-ccag-";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BODY_LENGTH = 43;
    private static final int CHECKSUM_LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {}

    public static String generate() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String body = base62(new java.math.BigInteger(1, random), BODY_LENGTH);
        return PREFIX + body + checksum(body);
    }

    /** True when the key has the CCAG shape and its checksum matches. */
    public static boolean isWellFormed(String key) {
        if (key == null || key.length() != PREFIX.length() + BODY_LENGTH + CHECKSUM_LENGTH || !key.startsWith(PREFIX)) {
            return false;
        }
        String body = key.substring(PREFIX.length(), PREFIX.length() + BODY_LENGTH);
        for (int i = 0; i < body.length(); i++) {
            if (ALPHABET.indexOf(body.charAt(i)) < 0) {
                return false;
            }
        }
        return checksum(body).equals(key.substring(PREFIX.length() + BODY_LENGTH));
    }

    /** The display form kept beside the hash: prefix and last four characters. */
    public static String displayForm(String key) {
        return key.length() <= 12 ? "****" : key.substring(0, Math.min(PREFIX.length(), key.length() - 4)) + "..." + key.substring(key.length() - 4);
    }

    private static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return base62(java.math.BigInteger.valueOf(crc.getValue()), CHECKSUM_LENGTH);
    }

    private static String base62(java.math.BigInteger value, int width) {
        java.math.BigInteger base = java.math.BigInteger.valueOf(62);
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            java.math.BigInteger[] qr = value.divideAndRemainder(base);
            out[i] = ALPHABET.charAt(qr[1].intValue());
            value = qr[0];
        }
        return new String(out);
    }
}
