package dev.ccag.gateway.pool;

import java.util.Locale;
import java.util.Objects;

/**
 * How an endpoint authenticates to AWS. The secret fields are held in clear only in memory (they
 * sign requests); the database keeps them encrypted ({@link SecretBox}) and no view or log shows them.
 *
 * @param type {@code default} (the SDK chain), {@code profile}, {@code static} or {@code assume-role}
 */
public record CredentialsSpec(String type, String profile, String accessKeyId, String secretAccessKey, String sessionToken,
                              String roleArn, String externalId, String roleSessionName) {
    public static final String DEFAULT = "default";
    public static final String PROFILE = "profile";
    public static final String STATIC = "static";
    public static final String ASSUME_ROLE = "assume-role";

    public CredentialsSpec {
        type = type == null || type.isBlank() ? DEFAULT : type.trim().toLowerCase(Locale.ROOT);
        profile = blankToNull(profile);
        accessKeyId = blankToNull(accessKeyId);
        secretAccessKey = blankToNull(secretAccessKey);
        sessionToken = blankToNull(sessionToken);
        roleArn = blankToNull(roleArn);
        externalId = blankToNull(externalId);
        roleSessionName = roleSessionName == null || roleSessionName.isBlank() ? "ccag" : roleSessionName.trim();
    }

    public static CredentialsSpec defaultChain() {
        return new CredentialsSpec(DEFAULT, null, null, null, null, null, null, null);
    }

    /**
     * Checks that the fields the type needs are there.
     *
     * @param key the configuration key or JSON path of these credentials, for the message
     * @throws IllegalArgumentException naming the field
     */
    public void validate(String key) {
        switch (type) {
            case DEFAULT -> { }
            case PROFILE -> require(profile, key + ".profile");
            case STATIC -> {
                require(accessKeyId, key + ".access_key_id");
                require(secretAccessKey, key + ".secret_access_key");
            }
            case ASSUME_ROLE -> {
                require(roleArn, key + ".role_arn");
                if (!roleArn.startsWith("arn:aws") || !roleArn.contains(":iam::") || !roleArn.contains(":role/")) {
                    throw new IllegalArgumentException(key + ".role_arn: must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
                }
                if (!roleSessionName.matches("[\\w+=,.@-]{2,64}")) {
                    throw new IllegalArgumentException(key + ".role_session_name: 2 to 64 characters of letters, digits and +=,.@_-");
                }
            }
            default -> throw new IllegalArgumentException(key + ".type: must be default, profile, static or assume-role");
        }
    }

    /** The access key id shortened to its last four characters: enough to recognise it, not to use it. */
    public String maskedAccessKeyId() {
        if (accessKeyId == null) return null;
        return accessKeyId.length() <= 4 ? "****" : "****" + accessKeyId.substring(accessKeyId.length() - 4);
    }

    /** Never prints secrets: records print every field, and specs end up in exception messages and debug logs. */
    @Override
    public String toString() {
        return "CredentialsSpec[type=" + type + ", profile=" + profile + ", accessKeyId=" + maskedAccessKeyId()
                + ", secretAccessKey=" + (secretAccessKey == null ? "none" : "****") + ", sessionToken="
                + (sessionToken == null ? "none" : "****") + ", roleArn=" + roleArn + ", roleSessionName=" + roleSessionName + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialsSpec c && type.equals(c.type) && Objects.equals(profile, c.profile)
                && Objects.equals(accessKeyId, c.accessKeyId) && Objects.equals(secretAccessKey, c.secretAccessKey)
                && Objects.equals(sessionToken, c.sessionToken) && Objects.equals(roleArn, c.roleArn)
                && Objects.equals(externalId, c.externalId) && roleSessionName.equals(c.roleSessionName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, profile, accessKeyId, roleArn, externalId, roleSessionName);
    }

    private static void require(String value, String key) {
        if (value == null) {
            throw new IllegalArgumentException(key + ": is required for this credentials type");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
