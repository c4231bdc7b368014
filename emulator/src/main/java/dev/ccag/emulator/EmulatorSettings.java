package dev.ccag.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How an emulator instance behaves. Immutable; derive variants with the {@code with...} methods.
 *
 * @param bindAddress    where to listen; loopback unless an operator runs it in a container
 * @param port           0 picks a free port
 * @param sigv4Enabled   verify SigV4 (and bearer keys); off accepts any request
 * @param credentials    access keys accepted for SigV4; the first one is reported by {@link BedrockEmulator#accessKeyId()}
 * @param bearerKeys     Bedrock API keys accepted as {@code Authorization: Bearer}
 * @param maxClockSkew   how far {@code x-amz-date} may be from now
 * @param streamChunks   text deltas per text block when no {@code [[emu:chunks N]]} directive says otherwise; 0 = one per ~8 words
 * @param streamPaceMs   pause between deltas when no {@code [[emu:pace MS]]} directive says otherwise
 * @param replyWords     when above 0, the default reply is padded to this many words (benchmarks)
 * @param requestLogSize how many recent model requests {@link BedrockEmulator#requests()} keeps
 * @param applicationProfileModel  Anthropic model id assumed for application-inference-profile ARNs
 * @param applicationProfiles      per profile ARN or profile id, the Anthropic model id behind it
 * @param modelsFile     an operator's {@code emulator-models.yaml}; null uses the built-in one
 * @param thinkingKey    HMAC key for thinking signatures; shared by all instances so a conversation may move between them
 */
public record EmulatorSettings(
        String bindAddress,
        int port,
        boolean sigv4Enabled,
        List<AwsCredential> credentials,
        List<String> bearerKeys,
        Duration maxClockSkew,
        int streamChunks,
        long streamPaceMs,
        int replyWords,
        int requestLogSize,
        String applicationProfileModel,
        Map<String, String> applicationProfiles,
        Path modelsFile,
        String thinkingKey) {

    public static final String DEFAULT_ACCESS_KEY_ID = "CCAGEMULATORKEY0001";
    public static final String DEFAULT_SECRET_ACCESS_KEY = "ccag-emulator-secret-not-a-real-key";
    public static final String DEFAULT_APPLICATION_PROFILE_MODEL = "claude-sonnet-4-5-20250929";

    public EmulatorSettings {
        credentials = List.copyOf(credentials);
        bearerKeys = List.copyOf(bearerKeys);
        applicationProfiles = Map.copyOf(applicationProfiles);
        if (sigv4Enabled && credentials.isEmpty() && bearerKeys.isEmpty()) {
            throw new IllegalArgumentException("emulator: SigV4 verification is on but no credentials or bearer keys are configured");
        }
        if (requestLogSize < 1) throw new IllegalArgumentException("emulator: requestLogSize must be at least 1");
    }

    public static EmulatorSettings defaults() {
        return new EmulatorSettings("127.0.0.1", 0, true,
                List.of(new AwsCredential(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY)), List.of(),
                Duration.ofMinutes(5), 0, 0, 0, 200, DEFAULT_APPLICATION_PROFILE_MODEL, Map.of(), null,
                "ccag-emulator-thinking-signature-key");
    }

    public EmulatorSettings withBindAddress(String v) {
        return new EmulatorSettings(v, port, sigv4Enabled, credentials, bearerKeys, maxClockSkew, streamChunks, streamPaceMs, replyWords, requestLogSize, applicationProfileModel, applicationProfiles, modelsFile, thinkingKey);
    }

    public EmulatorSettings withPort(int v) {
        return new EmulatorSettings(bindAddress, v, sigv4Enabled, credentials, bearerKeys, maxClockSkew, streamChunks, streamPaceMs, replyWords, requestLogSize, applicationProfileModel, applicationProfiles, modelsFile, thinkingKey);
    }

    public EmulatorSettings withSigv4Enabled(boolean v) {
        return new EmulatorSettings(bindAddress, port, v, credentials, bearerKeys, maxClockSkew, streamChunks, streamPaceMs, replyWords, requestLogSize, applicationProfileModel, applicationProfiles, modelsFile, thinkingKey);
    }

    public EmulatorSettings withCredentials(List<AwsCredential> v) {
        return new EmulatorSettings(bindAddress, port, sigv4Enabled, v, bearerKeys, maxClockSkew, streamChunks, streamPaceMs, replyWords, requestLogSize, applicationProfileModel, applicationProfiles, modelsFile, thinkingKey);
    }

    public EmulatorSettings withBearerKeys(List<String> v) {
        return new EmulatorSettings(bindAddress, port, sigv4Enabled, credentials, v, maxClockSkew, streamChunks, streamPaceMs, replyWords, requestLogSize, applicationProfileModel, applicationProfiles, modelsFile, thinkingKey);
    }

    public EmulatorSettings withMaxClockSkew(Duration v) {
        return new EmulatorSettings(bindAddress, port, sigv4Enabled, credentials, bearerKeys, v, streamChunks, streamPaceMs, replyWords, requestLogSize, applicationProfileModel, applicationProfiles, modelsFile, thinkingKey);
    }

    public EmulatorSettings withStreamChunks(int v) {
        return new EmulatorSettings(bindAddress, port, sigv4Enabled, credentials, bearerKeys, maxClockSkew, v, streamPaceMs, replyWords, requestLogSize, applicationProfileModel, applicationProfiles, modelsFile, thinkingKey);
    }

    public EmulatorSettings withStreamPaceMs(long v) {
        return new EmulatorSettings(bindAddress, port, sigv4Enabled, credentials, bearerKeys, maxClockSkew, streamChunks, v, replyWords, requestLogSize, applicationProfileModel, applicationProfiles, modelsFile, thinkingKey);
    }

    public EmulatorSettings withReplyWords(int v) {
        return new EmulatorSettings(bindAddress, port, sigv4Enabled, credentials, bearerKeys, maxClockSkew, streamChunks, streamPaceMs, v, requestLogSize, applicationProfileModel, applicationProfiles, modelsFile, thinkingKey);
    }

    public EmulatorSettings withRequestLogSize(int v) {
        return new EmulatorSettings(bindAddress, port, sigv4Enabled, credentials, bearerKeys, maxClockSkew, streamChunks, streamPaceMs, replyWords, v, applicationProfileModel, applicationProfiles, modelsFile, thinkingKey);
    }

    public EmulatorSettings withApplicationProfileModel(String v) {
        return new EmulatorSettings(bindAddress, port, sigv4Enabled, credentials, bearerKeys, maxClockSkew, streamChunks, streamPaceMs, replyWords, requestLogSize, v, applicationProfiles, modelsFile, thinkingKey);
    }

    public EmulatorSettings withApplicationProfiles(Map<String, String> v) {
        return new EmulatorSettings(bindAddress, port, sigv4Enabled, credentials, bearerKeys, maxClockSkew, streamChunks, streamPaceMs, replyWords, requestLogSize, applicationProfileModel, v, modelsFile, thinkingKey);
    }

    public EmulatorSettings withModelsFile(Path v) {
        return new EmulatorSettings(bindAddress, port, sigv4Enabled, credentials, bearerKeys, maxClockSkew, streamChunks, streamPaceMs, replyWords, requestLogSize, applicationProfileModel, applicationProfiles, v, thinkingKey);
    }

    public EmulatorSettings withThinkingKey(String v) {
        return new EmulatorSettings(bindAddress, port, sigv4Enabled, credentials, bearerKeys, maxClockSkew, streamChunks, streamPaceMs, replyWords, requestLogSize, applicationProfileModel, applicationProfiles, modelsFile, v);
    }
}
