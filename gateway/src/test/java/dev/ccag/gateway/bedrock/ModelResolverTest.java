package dev.ccag.gateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelResolverTest {
    private static final ModelResolver RESOLVER = new ModelResolver(ModelCatalog.loadDefault());
    private static final EndpointProfile US_EAST = new EndpointProfile("e1", "us-east-1", null, Map.of());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # requested                                  | bedrock model id                                          | anthropic id               | generation | 1M
            claude-sonnet-4-5-20250929                   | us.anthropic.claude-sonnet-4-5-20250929-v1:0              | claude-sonnet-4-5-20250929 | 4.5        | false
            claude-sonnet-4-5                            | us.anthropic.claude-sonnet-4-5-20250929-v1:0              | claude-sonnet-4-5-20250929 | 4.5        | false
            claude-sonnet-4-5[1m]                        | us.anthropic.claude-sonnet-4-5-20250929-v1:0              | claude-sonnet-4-5-20250929 | 4.5        | true
            claude-sonnet-4-6[1M]                        | us.anthropic.claude-sonnet-4-6                            | claude-sonnet-4-6          | 4.6        | true
            claude-opus-4-1                              | us.anthropic.claude-opus-4-1-20250805-v1:0                | claude-opus-4-1-20250805   | 4          | false
            claude-haiku-4-5                             | us.anthropic.claude-haiku-4-5-20251001-v1:0               | claude-haiku-4-5-20251001  | 4.5        | false
            claude-3-7-sonnet-latest                     | us.anthropic.claude-3-7-sonnet-20250219-v1:0              | claude-3-7-sonnet-20250219 | 3.7        | false
            claude-3-5-sonnet-latest                     | us.anthropic.claude-3-5-sonnet-20241022-v2:0              | claude-3-5-sonnet-20241022 | 3.5        | false
            claude-sonnet-4-0                            | us.anthropic.claude-sonnet-4-20250514-v1:0                | claude-sonnet-4-20250514   | 4          | false
            claude-opus-4-5                              | us.anthropic.claude-opus-4-5-20251101-v1:0                | claude-opus-4-5-20251101   | 4.5        | false
            claude-opus-4-6                              | us.anthropic.claude-opus-4-6-v1                           | claude-opus-4-6            | 4.6        | false
            claude-opus-4-7                              | us.anthropic.claude-opus-4-7                              | claude-opus-4-7            | 4.7        | false
            CLAUDE-OPUS-4-7                              | us.anthropic.claude-opus-4-7                              | claude-opus-4-7            | 4.7        | false
            claude-opus-5-5                              | us.anthropic.claude-opus-5-5                              | claude-opus-5-5            | next       | false
            claude-sonnet-5[1m]                          | us.anthropic.claude-sonnet-5                              | claude-sonnet-5            | next       | true
            us.anthropic.claude-sonnet-4-5-20250929-v1:0 | us.anthropic.claude-sonnet-4-5-20250929-v1:0              | claude-sonnet-4-5-20250929 | 4.5        | false
            eu.anthropic.claude-3-7-sonnet-20250219-v1:0 | eu.anthropic.claude-3-7-sonnet-20250219-v1:0              | claude-3-7-sonnet-20250219 | 3.7        | false
            us-gov.anthropic.claude-sonnet-4-6           | us-gov.anthropic.claude-sonnet-4-6                        | claude-sonnet-4-6          | 4.6        | false
            global.anthropic.claude-opus-4-6             | global.anthropic.claude-opus-4-6                          | claude-opus-4-6            | 4.6        | false
            anthropic.claude-3-5-haiku-20241022-v1:0     | anthropic.claude-3-5-haiku-20241022-v1:0                  | claude-3-5-haiku-20241022  | 3.5        | false
            jp.anthropic.claude-opus-9                   | jp.anthropic.claude-opus-9                                | jp.anthropic.claude-opus-9 | next       | false
            arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz | arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz | arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz | next | false
            arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0 | arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0 | claude-haiku-4-5-20251001 | 4.5 | false
            """)
    void mapsIdsOnAUsEndpoint(String requested, String bedrockId, String anthropicId, String generation, boolean oneMillion)
            throws UnknownModelException {
        ResolvedModel r = RESOLVER.resolve(requested, US_EAST);
        assertThat(r.bedrockModelId()).isEqualTo(bedrockId);
        assertThat(r.anthropicId()).isEqualTo(anthropicId);
        assertThat(r.spec().generation()).isEqualTo(generation);
        assertThat(r.contextOneMillion()).isEqualTo(oneMillion);
        assertThat(r.requested()).isEqualTo(requested);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4", "", "[1m]", "llama3", "arn:aws:iam::123456789012:role/x", "claude-bad id/../x"})
    void refusesIdsThatAreNotClaude(String requested) {
        assertThatThrownBy(() -> RESOLVER.resolve(requested, US_EAST)).isInstanceOf(UnknownModelException.class);
    }

    static Stream<Arguments> prefixes() {
        return Stream.of(
                // region, default prefix, per-model overrides, requested, expected
                Arguments.of("us-west-2", null, Map.of(), "claude-sonnet-4-6", "us.anthropic.claude-sonnet-4-6"),
                Arguments.of("us-gov-west-1", null, Map.of(), "claude-sonnet-4-6", "us-gov.anthropic.claude-sonnet-4-6"),
                Arguments.of("eu-central-1", null, Map.of(), "claude-sonnet-4-6", "eu.anthropic.claude-sonnet-4-6"),
                Arguments.of("ap-northeast-1", null, Map.of(), "claude-sonnet-4-6", "jp.anthropic.claude-sonnet-4-6"),
                Arguments.of("ap-northeast-3", null, Map.of(), "claude-sonnet-4-20250514", "apac.anthropic.claude-sonnet-4-20250514-v1:0"),
                Arguments.of("ap-southeast-2", null, Map.of(), "claude-sonnet-4-6", "au.anthropic.claude-sonnet-4-6"),
                Arguments.of("ap-southeast-4", null, Map.of(), "claude-3-7-sonnet-20250219", "apac.anthropic.claude-3-7-sonnet-20250219-v1:0"),
                Arguments.of("ap-south-1", null, Map.of(), "claude-sonnet-4-6", "apac.anthropic.claude-sonnet-4-6"),
                Arguments.of("ca-central-1", null, Map.of(), "claude-sonnet-4-6", "global.anthropic.claude-sonnet-4-6"),
                Arguments.of("sa-east-1", null, Map.of(), "claude-opus-4-7", "global.anthropic.claude-opus-4-7"),
                // Opus 4.6 has no apac profile: the regional choice falls back to global.
                Arguments.of("ap-south-1", null, Map.of(), "claude-opus-4-6", "global.anthropic.claude-opus-4-6-v1"),
                Arguments.of("eu-west-1", null, Map.of(), "claude-opus-4-5", "global.anthropic.claude-opus-4-5-20251101-v1:0"),
                Arguments.of("us-east-1", "global", Map.of(), "claude-sonnet-4-6", "global.anthropic.claude-sonnet-4-6"),
                Arguments.of("us-east-1", "none", Map.of(), "claude-sonnet-4-6", "anthropic.claude-sonnet-4-6"),
                Arguments.of("us-east-1", "global", Map.of("claude-opus-4-1-20250805", "us"), "claude-opus-4-1", "us.anthropic.claude-opus-4-1-20250805-v1:0"),
                Arguments.of("us-east-1", null, Map.of("claude-sonnet-4-6", "none"), "claude-sonnet-4-6", "anthropic.claude-sonnet-4-6"),
                Arguments.of("us-east-1", null, Map.of("claude-sonnet-4-5", "global"), "claude-sonnet-4-5", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"),
                Arguments.of("us-east-1", null, Map.of("claude-opus-5-5", "none"), "claude-opus-5-5", "anthropic.claude-opus-5-5"),
                Arguments.of("eu-west-3", null, Map.of(), "claude-sonnet-5-5", "eu.anthropic.claude-sonnet-5-5"),
                Arguments.of("us-east-1", "none", Map.of(), "claude-sonnet-5-5", "anthropic.claude-sonnet-5-5"),
                // Pass-through ids ignore the endpoint's prefix settings.
                Arguments.of("eu-west-1", "us", Map.of(), "global.anthropic.claude-sonnet-4-6", "global.anthropic.claude-sonnet-4-6"));
    }

    @ParameterizedTest(name = "{0} default={1} {3} -> {4}")
    @MethodSource("prefixes")
    void choosesTheInferenceProfilePrefix(String region, String defaultPrefix, Map<String, String> overrides,
                                          String requested, String expected) throws UnknownModelException {
        var endpoint = new EndpointProfile("e", region, defaultPrefix, overrides);
        assertThat(RESOLVER.resolve(requested, endpoint).bedrockModelId()).isEqualTo(expected);
    }

    @Test
    void aModelWithoutProfilesUsesItsBaseId() throws Exception {
        var catalog = ModelCatalog.load(ModelCatalog.class.getClassLoader().getResourceAsStream(ModelCatalog.DEFAULT_RESOURCE),
                stream("""
                        models:
                          - id: claude-private-1
                            bedrock-id: anthropic.claude-private-1-v1:0
                            generation: "4.6"
                            profile-prefixes: []
                        """));
        assertThat(new ModelResolver(catalog).resolve("claude-private-1", US_EAST).bedrockModelId())
                .isEqualTo("anthropic.claude-private-1-v1:0");
    }

    @Test
    void ruleBasedModelsGetTheNewestFeatures() throws UnknownModelException {
        ModelFeatures f = RESOLVER.resolve("claude-opus-5-5", US_EAST).spec().features();
        assertThat(f.outputConfig()).isTrue();
        assertThat(f.cacheTtl()).isTrue();
        assertThat(f.contextOneMillion()).isTrue();
        assertThat(f.betaGroup()).isEqualTo("claude-4-6");
    }

    static java.io.InputStream stream(String yaml) {
        return new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
