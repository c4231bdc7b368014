package dev.ccag.gateway.keys;

import java.util.Map;
import java.util.Optional;

/** Accepts the keys named in configuration, each known only by its hash. */
public final class ConfiguredKeyAuthenticator implements Authenticator {
    private final KeyHasher hasher;
    private final Map<String, Principal> byHash;

    /** @param byHash principal per lower-case hex HMAC of the key */
    public ConfiguredKeyAuthenticator(KeyHasher hasher, Map<String, Principal> byHash) {
        this.hasher = hasher;
        this.byHash = Map.copyOf(byHash);
    }

    @Override
    public Optional<Principal> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 512) {
            return Optional.empty();
        }
        // A hash-map lookup on the digest: the digest, not the key, is what is compared, so timing
        // reveals nothing useful about the secret.
        return Optional.ofNullable(byHash.get(hasher.hash(presentedKey)));
    }
}
