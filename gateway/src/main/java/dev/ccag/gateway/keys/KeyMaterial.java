package dev.ccag.gateway.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Secrets kept in the data directory: the key pepper (when none is configured) and the hash of a
 * generated bootstrap key. Files are created owner-only.
 */
public final class KeyMaterial {
    private KeyMaterial() {}

    /** The configured pepper, or the one in the data dir, created on first start. */
    public static byte[] pepper(String configured, Path dataDir) throws IOException {
        if (configured != null && !configured.isBlank()) {
            byte[] p = configured.getBytes(StandardCharsets.UTF_8);
            if (p.length < 16) {
                throw new IllegalArgumentException("ccag.auth.pepper: must be at least 16 characters");
            }
            return p;
        }
        Path file = dataDir.resolve("key-pepper");
        if (Files.exists(file)) {
            return Base64.getDecoder().decode(Files.readString(file).trim());
        }
        byte[] p = new byte[32];
        new SecureRandom().nextBytes(p);
        writeSecret(file, Base64.getEncoder().encodeToString(p));
        return p;
    }

    public static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file).trim() : null;
    }

    public static void writeSecret(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    }
}
