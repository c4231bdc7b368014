package dev.ccag.gateway.keys;

/**
 * The first admin key of an install, for the start-up banner. {@link #plaintextToShow()} is non-null
 * only in the run that generated the key (or in demo mode, where the configured demo key is meant to be
 * shown); otherwise only the display form is known.
 */
public record BootstrapKey(String hash, String display, String plaintextToShow) {
    /** Before accounts lived in the database a generated key's hash was kept in this data-dir file. */
    static final String LEGACY_HASH_FILE = "bootstrap-key.hmac";
}
