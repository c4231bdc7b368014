package dev.ccag.gateway.bedrock;

import static dev.ccag.gateway.bedrock.ModelResolverTest.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelCatalogTest {
    private static final ModelCatalog CATALOG = ModelCatalog.loadDefault();

    private static InputStream defaults() {
        return ModelCatalog.class.getClassLoader().getResourceAsStream(ModelCatalog.DEFAULT_RESOURCE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # id                        | bedrock id                                  | display name       | generation | ttl   | output_config | no sampling | temp xor top_p | 1M    | beta group
            claude-3-5-haiku-20241022   | anthropic.claude-3-5-haiku-20241022-v1:0    | Claude Haiku 3.5   | 3.5        | false | false         | false       | false          | false | claude-3
            claude-3-7-sonnet-20250219  | anthropic.claude-3-7-sonnet-20250219-v1:0   | Claude Sonnet 3.7  | 3.7        | false | false         | false       | false          | false | claude-3-7
            claude-sonnet-4-20250514    | anthropic.claude-sonnet-4-20250514-v1:0     | Claude Sonnet 4    | 4          | false | false         | false       | false          | true  | claude-4
            claude-opus-4-1-20250805    | anthropic.claude-opus-4-1-20250805-v1:0     | Claude Opus 4.1    | 4          | false | false         | false       | false          | false | claude-4
            claude-sonnet-4-5-20250929  | anthropic.claude-sonnet-4-5-20250929-v1:0   | Claude Sonnet 4.5  | 4.5        | true  | false         | false       | true           | true  | claude-4-5
            claude-haiku-4-5-20251001   | anthropic.claude-haiku-4-5-20251001-v1:0    | Claude Haiku 4.5   | 4.5        | true  | false         | false       | true           | false | claude-haiku-4-5
            claude-opus-4-5-20251101    | anthropic.claude-opus-4-5-20251101-v1:0     | Claude Opus 4.5    | 4.5        | true  | false         | false       | true           | false | claude-opus-4-5
            claude-opus-4-6             | anthropic.claude-opus-4-6-v1                | Claude Opus 4.6    | 4.6        | true  | true          | false       | false          | true  | claude-4-6
            claude-sonnet-4-6           | anthropic.claude-sonnet-4-6                 | Claude Sonnet 4.6  | 4.6        | true  | true          | false       | false          | true  | claude-4-6
            claude-opus-4-7             | anthropic.claude-opus-4-7                   | Claude Opus 4.7    | 4.7        | true  | true          | true        | false          | true  | claude-4-6
            """)
    void defaultCatalogDescribesEachModel(String id, String bedrockId, String displayName, String generation, boolean ttl,
                                          boolean outputConfig, boolean noSampling, boolean xor, boolean oneMillion, String group) {
        ModelSpec m = CATALOG.byIdOrAlias(id).orElseThrow();
        assertThat(m.bedrockId()).isEqualTo(bedrockId);
        assertThat(m.displayName()).isEqualTo(displayName);
        assertThat(m.generation()).isEqualTo(generation);
        assertThat(m.features()).isEqualTo(new ModelFeatures(ttl, outputConfig, noSampling, xor, oneMillion, group));
        assertThat(OffsetDateTime.parse(m.createdAt())).isNotNull();
        assertThat(m.profilePrefixes()).isNotEmpty();
    }

    @Test
    void listsModelsNewestFirstAndKnowsBedrockIds() {
        assertThat(CATALOG.models().getFirst().id()).isEqualTo("claude-opus-4-7");
        assertThat(CATALOG.models()).extracting(ModelSpec::id).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(13);
        assertThat(CATALOG.byBedrockId("anthropic.claude-opus-4-6")).map(ModelSpec::id).contains("claude-opus-4-6");
        assertThat(CATALOG.byBedrockId("ANTHROPIC.claude-sonnet-4-5-20250929-v1:0")).map(ModelSpec::id).contains("claude-sonnet-4-5-20250929");
        assertThat(CATALOG.byIdOrAlias("gpt-4")).isEmpty();
    }

    @Test
    void operatorEntriesReplaceById_andNewOnesAreListedFirst() {
        var catalog = ModelCatalog.load(defaults(), stream("""
                rule-based:
                  profile-prefixes: [global]
                models:
                  - id: claude-sonnet-4-6
                    bedrock-id: anthropic.claude-sonnet-4-6-v2
                    display-name: Sonnet (ours)
                    generation: "4.6"
                    profile-prefixes: [eu]
                    features:
                      output-config: false
                  - id: claude-opus-4-8
                    bedrock-id: anthropic.claude-opus-4-8
                    display-name: Claude Opus 4.8
                    created-at: "2026-09-01T00:00:00Z"
                    aliases: [opus-latest]
                    generation: "4.7"
                    profile-prefixes: [us, global]
                """));
        assertThat(catalog.models().getFirst().id()).isEqualTo("claude-opus-4-8");
        assertThat(catalog.models()).hasSize(CATALOG.models().size() + 1);
        ModelSpec sonnet = catalog.byIdOrAlias("claude-sonnet-4-6").orElseThrow();
        assertThat(sonnet.bedrockId()).isEqualTo("anthropic.claude-sonnet-4-6-v2");
        assertThat(sonnet.features().outputConfig()).isFalse();
        assertThat(sonnet.features().cacheTtl()).isTrue(); // inherited from the generation
        assertThat(catalog.byIdOrAlias("opus-latest")).map(ModelSpec::id).contains("claude-opus-4-8");
        assertThat(catalog.ruleBased("claude-x-1").profilePrefixes()).containsExactly("global");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            models: [{id: a, generation: "4"}]                                          | operator models[0].bedrock-id: required
            models: [{id: a, bedrock-id: anthropic.a, generation: "9"}]                  | operator models[0].generation: unknown generation 9
            models: [{id: a, bedrock-id: anthropic.a, generation: "4", features: {cache-ttl: maybe}}] | operator models[0].features.cache-ttl: must be true or false
            models: [{id: a, bedrock-id: anthropic.a, generation: "4", aliases: [claude-sonnet-4-5]}] | alias claude-sonnet-4-5 is used by both
            rule-based: {generation: nope}                                                | rule-based.generation: unknown generation nope
            """)
    void malformedOperatorFilesFailNamingTheKey(String yaml, String message) {
        assertThatThrownBy(() -> ModelCatalog.load(defaults(), stream(yaml)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"anthropic.claude-opus-4-6-v1, anthropic.claude-opus-4-6", "anthropic.a-v1:0, anthropic.a",
            "anthropic.claude-sonnet-4-6, anthropic.claude-sonnet-4-6", "anthropic.x-vision, anthropic.x-vision"})
    void stripsVersionSuffixes(String id, String expected) {
        assertThat(ModelCatalog.withoutVersion(id)).isEqualTo(expected);
    }
}
