package dev.ccag.gateway.pool;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts endpoint secrets (static secret keys, session tokens) for the database with AES-256-GCM.
 * Stored form: {@code enc:v1:<base64 of 12-byte nonce + ciphertext + tag>}. The endpoint name is
 * authenticated as associated data, so a ciphertext copied onto another endpoint's row does not decrypt.
 */
public final class SecretBox {
    private static final String PREFIX = "enc:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("the endpoint secrets key must be 32 bytes");
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * @param configured {@code ccag.pool.secrets-key}: base64 of 32 random bytes, or null
     * @param pepper     the key pepper, which every replica sharing the database already shares; the
     *                   key is derived from it (HMAC-SHA256 with a fixed label) when none is configured
     */
    public static SecretBox create(String configured, byte[] pepper) {
        if (configured != null && !configured.isBlank()) {
            byte[] k;
            try {
                k = Base64.getDecoder().decode(configured.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ccag.pool.secrets-key: must be base64 (openssl rand -base64 32)");
            }
            if (k.length != 32) throw new IllegalArgumentException("ccag.pool.secrets-key: must decode to 32 bytes (openssl rand -base64 32)");
            return new SecretBox(k);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return new SecretBox(mac.doFinal("ccag endpoint secrets v1".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String seal(String plaintext, String endpointName) {
        if (plaintext == null) return null;
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(endpointName.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt an endpoint secret", e);
        }
    }

    /** @throws IllegalStateException when the value was sealed under another key (or for another endpoint) */
    public String open(String stored, String endpointName) {
        if (stored == null) return null;
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("endpoint " + endpointName + ": a stored secret is not in the enc:v1 format");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(endpointName.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("endpoint " + endpointName + ": cannot decrypt its stored secret; do all replicas share "
                    + "ccag.pool.secrets-key (or, when unset, ccag.auth.pepper)?");
        }
    }
}
