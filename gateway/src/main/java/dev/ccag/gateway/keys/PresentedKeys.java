package dev.ccag.gateway.keys;

import java.util.Optional;

/**
 * The key(s) a request presents: {@code x-api-key} and/or {@code Authorization: Bearer}. Claude
 * Code's apiKeyHelper sends both, and with both environment variables set they may differ, so
 * either one being a valid key is enough. Shared by the Messages API and the admin API.
 */
public record PresentedKeys(String apiKey, String bearer) {

    public static PresentedKeys from(String xApiKeyHeader, String authorizationHeader) {
        return new PresentedKeys(trimToNull(xApiKeyHeader), bearer(authorizationHeader));
    }

    public boolean none() {
        return apiKey == null && bearer == null;
    }

    /** The principal of the first presented key that is valid. */
    public Optional<Principal> authenticate(Authenticator authenticator) {
        Optional<Principal> principal = apiKey != null ? authenticator.authenticate(apiKey) : Optional.empty();
        if (principal.isEmpty() && bearer != null && !bearer.equals(apiKey)) {
            principal = authenticator.authenticate(bearer);
        }
        return principal;
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return trimToNull(authorization.substring(7));
    }

    private static String trimToNull(String s) {
        if (s == null) return null;
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }
}
