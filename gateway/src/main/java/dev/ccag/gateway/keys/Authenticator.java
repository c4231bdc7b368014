package dev.ccag.gateway.keys;

import java.util.Optional;

/**
 * Turns a presented API key into a principal. The configuration-backed implementation serves
 * until accounts exist; a database-backed one (with a cache, so the hot path never waits on the
 * database) replaces it behind this interface.
 */
public interface Authenticator {
    Optional<Principal> authenticate(String presentedKey);
}
