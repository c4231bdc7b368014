package dev.ccag.gateway.keys;

import java.util.List;

/**
 * Who is calling: the key's id and display form, and the owner when there is one. Records
 * stay small so they can be cached and passed down the pipeline without copying.
 *
 * @param kind          personal | service | admin for database keys, {@code configured} for keys from configuration
 * @param allowedModels the models the key may call (already narrowed by its owner's grant); null = every model
 * @param maxRpm        requests per minute for this key (the tighter of key and owner); null = unlimited
 * @param maxTpm        tokens per minute for this key (the tighter of key and owner); null = unlimited
 */
public record Principal(String keyId, String keyDisplay, String userId, String teamId,
        String kind, List<String> allowedModels, Integer maxRpm, Integer maxTpm) {

    public static final String CONFIGURED = "configured";

    /** A key from configuration: no owner, no limits. */
    public Principal(String keyId, String keyDisplay, String userId, String teamId) {
        this(keyId, keyDisplay, userId, teamId, CONFIGURED, null, null, null);
    }
}
