package dev.ccag.gateway.keys;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The first key of a fresh install. Given in configuration it is hashed and forgotten; otherwise one
 * is generated on first start, its hash kept in the data dir and the plaintext shown once
 * ({@link #plaintextToShow()} is non-null only in that first run, or in demo mode, where the
 * configured demo key is meant to be shown).
 */
public record BootstrapKey(String hash, String display, String plaintextToShow) {
    static final String HASH_FILE = "bootstrap-key.hmac";

    static BootstrapKey load(String configured, Path dataDir, KeyHasher hasher, boolean showConfigured) throws IOException {
        if (configured != null && !configured.isBlank()) {
            String key = configured.trim();
            return new BootstrapKey(hasher.hash(key), ApiKeyFormat.displayForm(key), showConfigured ? key : null);
        }
        Path file = dataDir.resolve(HASH_FILE);
        String stored = KeyMaterial.readIfExists(file);
        if (stored != null) {
            String[] parts = stored.split(" ", 2);
            return new BootstrapKey(parts[0], parts.length > 1 ? parts[1] : "bootstrap", null);
        }
        String key = ApiKeyFormat.generate();
        String display = ApiKeyFormat.displayForm(key);
        KeyMaterial.writeSecret(file, hasher.hash(key) + " " + display);
        return new BootstrapKey(hasher.hash(key), display, key);
    }
}
