package dev.ccag.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;

/** Admits a model request signed with SigV4 or carrying a configured Bedrock API key (bearer). */
final class Authenticator {
    private final boolean enabled;
    private final SigV4Verifier sigV4;
    private final List<byte[]> bearerKeys;

    Authenticator(EmulatorSettings settings, Clock clock) {
        this.enabled = settings.sigv4Enabled();
        this.sigV4 = new SigV4Verifier(settings.credentials(), settings.maxClockSkew(), clock);
        this.bearerKeys = settings.bearerKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    void authenticate(IncomingRequest request) {
        if (!enabled) return;
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw BedrockError.MISSING_AUTHENTICATION_TOKEN.with("Missing Authentication Token");
        }
        if (authorization.startsWith(SigV4.ALGORITHM + " ")) {
            sigV4.verify(request, authorization);
        } else if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            checkBearer(authorization.substring(7).trim());
        } else {
            throw BedrockError.INCOMPLETE_SIGNATURE.with("Authorization header requires the " + SigV4.ALGORITHM
                    + " scheme or a Bearer API key.");
        }
    }

    private void checkBearer(String key) {
        byte[] presented = key.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] k : bearerKeys) match |= MessageDigest.isEqual(k, presented);
        if (!match) throw BedrockError.UNRECOGNIZED_CLIENT.with(SigV4Verifier.INVALID_TOKEN);
    }
}
