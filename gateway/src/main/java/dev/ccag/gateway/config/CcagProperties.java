package dev.ccag.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code ccag.*} setting. Spring binds it from application.yml, the operator's YAML file
 * ({@code CCAG_CONFIG}) and environment variables ({@code CCAG_AUTH_BOOTSTRAP_KEY} and so on).
 * Binding errors, and the checks of the classes that use a setting, stop start-up naming the key.
 */
@ConfigurationProperties(prefix = "ccag")
public record CcagProperties(
        @DefaultValue("./data") String dataDir,
        @DefaultValue Auth auth,
        @DefaultValue Proxy proxy,
        @DefaultValue Bedrock bedrock,
        @DefaultValue Demo demo) {

    /** Keys accepted on the Messages API until database-backed accounts exist. */
    public record Auth(
            /** A plaintext key from the environment; hashed at start-up, never kept in clear. */
            String bootstrapKey,
            /** Additional keys given as HMAC-SHA256 hex digests (see {@code ccag hash-key}). */
            @DefaultValue List<ConfiguredKey> keys,
            /** Server-side pepper for key hashes; generated into the data dir when absent. */
            String pepper) {}

    public record ConfiguredKey(String name, String hash) {}

    public record Proxy(
            /** Bedrock's own payload limit; larger bodies get 413 request_too_large. */
            @DefaultValue("20971520") long maxBodyBytes,
            /** Upstream silence after which a {@code ping} event is written to keep the stream alive. */
            @DefaultValue("15s") Duration pingInterval,
            @DefaultValue("10s") Duration connectTimeout,
            /** Longest wait for Bedrock's first byte; Claude Code's own default timeout is 600 s. */
            @DefaultValue("600s") Duration responseTimeout,
            /**
             * Upstream connections (per endpoint and in all). Each open stream holds one for its whole
             * life, so this bounds the concurrent streams: a stream beyond it waits for a free connection
             * before its first byte. Idle connections cost a socket each and are opened on demand.
             */
            @DefaultValue("4096") int maxConnections,
            /**
             * Request bodies held in memory by all requests in flight together, each counted twice (as
             * sent and translated). A request that does not fit waits up to {@code bodyMemoryWait}, then
             * gets 529 overloaded_error. Size the heap at about twice this plus 128 MB.
             */
            @DefaultValue("256MB") org.springframework.util.unit.DataSize maxBodyMemory,
            @DefaultValue("10s") Duration bodyMemoryWait) {}

    public record Bedrock(
            @DefaultValue List<Endpoint> endpoints,
            /** Operator overrides of the model catalog (YAML in the shape of ccag/bedrock-models.yaml). */
            String modelsFile,
            /** Operator overrides of the beta allowlist (YAML in the shape of ccag/bedrock-betas.yaml). */
            String betasFile,
            /** How long a beta or field that Bedrock rejected stays remembered per endpoint and model. */
            @DefaultValue("1h") Duration learnedRejectionTtl) {}

    public record Endpoint(
            String name,
            String region,
            /** Overrides the Bedrock Runtime URL (emulator, VPC endpoint); AWS_ENDPOINT_URL_BEDROCK_RUNTIME otherwise. */
            String endpointUrl,
            /** Inference-profile prefix for every model (us, eu, apac, jp, au, us-gov, global, none); derived from region when empty. */
            String profilePrefix,
            /** Per-model prefix overrides: anthropic model id -> prefix. */
            @DefaultValue Map<String, String> modelPrefixes,
            @DefaultValue Credentials credentials) {}

    public record Credentials(
            /** default | profile | static | assume-role */
            @DefaultValue("default") String type,
            String profile,
            String accessKeyId,
            String secretAccessKey,
            String sessionToken,
            String roleArn,
            String externalId,
            @DefaultValue("ccag") String roleSessionName) {}

    /** Demo mode: the gateway in front of the emulator, announced with a ready-to-paste client setup. */
    public record Demo(@DefaultValue("false") boolean enabled) {}
}
