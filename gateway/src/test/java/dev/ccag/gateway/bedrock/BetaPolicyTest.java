package dev.ccag.gateway.bedrock;

import static dev.ccag.gateway.bedrock.ModelResolverTest.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BetaPolicyTest {
    private static final BetaPolicy POLICY = BetaPolicy.loadDefault();
    private static final ModelResolver RESOLVER = new ModelResolver(ModelCatalog.loadDefault());

    static ResolvedModel model(String id) {
        try {
            return RESOLVER.resolve(id, new EndpointProfile("e", "us-east-1", null, Map.of()));
        } catch (UnknownModelException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> list(String spaceSeparated) {
        return spaceSeparated == null ? List.of() : Arrays.asList(spaceSeparated.trim().split("\\s+"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # model                      | requested (space separated)                                                | context-management edit | forwarded                                                | dropped
            claude-sonnet-4-6            | claude-code-20250219 interleaved-thinking-2025-05-14 oauth-2025-04-20     | false | interleaved-thinking-2025-05-14                            | claude-code-20250219 oauth-2025-04-20
            claude-opus-4-7              | prompt-caching-scope-2026-01-05 redact-thinking-2026-02-12 effort-2025-11-24 | false | effort-2025-11-24                                       | prompt-caching-scope-2026-01-05 redact-thinking-2026-02-12
            claude-sonnet-4-6            | context-management-2025-06-27                                             | false | -                                                          | context-management-2025-06-27
            claude-sonnet-4-6            | context-management-2025-06-27                                             | true  | context-management-2025-06-27                              | -
            claude-sonnet-4-6            | context-1m-2025-08-07                                                     | false | context-1m-2025-08-07                                      | -
            claude-sonnet-4-5            | context-1m-2025-08-07                                                     | false | context-1m-2025-08-07                                      | -
            claude-sonnet-4-0            | context-1m-2025-08-07                                                     | false | context-1m-2025-08-07                                      | -
            claude-opus-4-1              | context-1m-2025-08-07                                                     | false | -                                                          | context-1m-2025-08-07
            claude-haiku-4-5             | context-1m-2025-08-07 interleaved-thinking-2025-05-14                     | false | interleaved-thinking-2025-05-14                            | context-1m-2025-08-07
            claude-opus-4-6              | context-1m-2025-08-07                                                     | false | context-1m-2025-08-07                                      | -
            claude-opus-5-5              | context-1m-2025-08-07 effort-2025-11-24                                   | false | context-1m-2025-08-07 effort-2025-11-24                    | -
            claude-opus-4-5              | effort-2025-11-24                                                         | false | effort-2025-11-24                                          | -
            claude-sonnet-4-5            | effort-2025-11-24                                                         | false | -                                                          | effort-2025-11-24
            claude-opus-4-1              | effort-2025-11-24 interleaved-thinking-2025-05-14                         | false | interleaved-thinking-2025-05-14                            | effort-2025-11-24
            claude-3-7-sonnet-latest     | interleaved-thinking-2025-05-14 output-128k-2025-02-19                    | false | output-128k-2025-02-19                                     | interleaved-thinking-2025-05-14
            claude-sonnet-4-6            | output-128k-2025-02-19                                                    | false | -                                                          | output-128k-2025-02-19
            claude-opus-4-5              | advanced-tool-use-2025-11-20                                              | false | tool-search-tool-2025-10-19                                | -
            claude-sonnet-4-5            | advanced-tool-use-2025-11-20                                              | false | tool-search-tool-2025-10-19                                | -
            claude-sonnet-4-6            | advanced-tool-use-2025-11-20 tool-search-tool-2025-10-19                  | false | tool-search-tool-2025-10-19                                | -
            claude-haiku-4-5             | advanced-tool-use-2025-11-20                                              | false | -                                                          | advanced-tool-use-2025-11-20
            claude-opus-4-1              | advanced-tool-use-2025-11-20                                              | false | -                                                          | advanced-tool-use-2025-11-20
            claude-3-5-haiku-latest      | computer-use-2024-10-22 token-efficient-tools-2025-02-19 fine-grained-tool-streaming-2025-05-14 | false | computer-use-2024-10-22 token-efficient-tools-2025-02-19 fine-grained-tool-streaming-2025-05-14 | -
            claude-opus-4-7              | compact-2026-01-12 tool-examples-2025-10-29 dev-full-thinking-2025-05-14 computer-use-2025-11-24 | false | compact-2026-01-12 tool-examples-2025-10-29 dev-full-thinking-2025-05-14 computer-use-2025-11-24 | -
            claude-opus-4-7              | fast-mode-2026-02-01 afk-mode-2026-01-31 advisor-tool-2026-03-01 context-hint-2026-04-09 task-budgets-2026-03-13 | false | - | fast-mode-2026-02-01 afk-mode-2026-01-31 advisor-tool-2026-03-01 context-hint-2026-04-09 task-budgets-2026-03-13
            claude-opus-4-7              | structured-outputs-2025-12-15 cache-editing-2025-08-26 mcp-servers-2025-12-04 mcp-client-2025-11-20 files-api-2025-04-14 | false | - | structured-outputs-2025-12-15 cache-editing-2025-08-26 mcp-servers-2025-12-04 mcp-client-2025-11-20 files-api-2025-04-14
            claude-opus-4-7              | code-execution-2025-08-25 web-search-2025-03-05 web-fetch-2025-09-10 skills-2025-10-02 extended-cache-ttl-2025-04-11 token-counting-2024-11-01 | false | - | code-execution-2025-08-25 web-search-2025-03-05 web-fetch-2025-09-10 skills-2025-10-02 extended-cache-ttl-2025-04-11 token-counting-2024-11-01
            claude-opus-4-7              | per-turn-control-2026-07-01 thinking-token-count-2026-05-13 made-up-beta  | false | -                                                          | per-turn-control-2026-07-01 thinking-token-count-2026-05-13 made-up-beta
            claude-sonnet-4-6            | interleaved-thinking-2025-05-14 interleaved-thinking-2025-05-14           | false | interleaved-thinking-2025-05-14                            | -
            arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/p1 | interleaved-thinking-2025-05-14 effort-2025-11-24 | false | interleaved-thinking-2025-05-14 effort-2025-11-24 | -
            """)
    void filtersPerModelGroup(String modelId, String requested, boolean edit, String forwarded, String dropped) {
        BetaDecision d = POLICY.decide(list(requested), model(modelId), Set.of(), edit);
        assertThat(d.forwarded()).containsExactlyElementsOf(list(forwarded));
        assertThat(d.dropped()).containsExactlyElementsOf(list(dropped));
    }

    @ParameterizedTest(name = "learned {1}")
    @CsvSource(delimiter = '|', textBlock = """
            interleaved-thinking-2025-05-14 effort-2025-11-24 | effort-2025-11-24            | interleaved-thinking-2025-05-14 | effort-2025-11-24
            advanced-tool-use-2025-11-20                      | tool-search-tool-2025-10-19  | -                               | advanced-tool-use-2025-11-20
            advanced-tool-use-2025-11-20                      | advanced-tool-use-2025-11-20 | -                               | advanced-tool-use-2025-11-20
            """)
    void dropsWhatBedrockRefusedLately(String requested, String learned, String forwarded, String dropped) {
        BetaDecision d = POLICY.decide(list(requested), model("claude-opus-4-7"), Set.copyOf(list(learned)));
        assertThat(d.forwarded()).containsExactlyElementsOf(forwarded.equals("-") ? List.of() : list(forwarded));
        assertThat(d.dropped()).containsExactlyElementsOf(list(dropped));
    }

    @Test
    void nothingRequestedIsNothingDecided() {
        assertThat(POLICY.decide(List.of(), model("claude-opus-4-7"), Set.of())).isSameAs(BetaDecision.NONE);
    }

    @Test
    void operatorsCanReplaceGroupsAndTheDropList() {
        var policy = BetaPolicy.load(getClass().getClassLoader().getResourceAsStream(BetaPolicy.DEFAULT_RESOURCE), stream("""
                drop: [oauth-*]
                groups:
                  claude-4-6:
                    extends: claude-4
                    allow: [claude-code-20250219, per-turn-control-2026-07-01]
                """));
        BetaDecision d = policy.decide(list("claude-code-20250219 per-turn-control-2026-07-01 effort-2025-11-24 oauth-2025-04-20"),
                model("claude-opus-4-7"), Set.of());
        assertThat(d.forwarded()).containsExactly("claude-code-20250219", "per-turn-control-2026-07-01");
        assertThat(d.dropped()).containsExactly("effort-2025-11-24", "oauth-2025-04-20");
    }

    @Test
    void everyModelNamesAnExistingGroup() {
        for (ModelSpec m : ModelCatalog.loadDefault().models()) {
            assertThat(POLICY.groupNames()).as(m.id()).contains(m.features().betaGroup());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            requires: {x: sunny-day}                       | requires.x: unknown condition sunny-day
            groups: {a: {extends: b, allow: []}}           | groups.a.extends: unknown group b
            groups: {a: {extends: a, allow: []}}           | extends cycle
            """)
    void malformedOverridesFailNamingTheKey(String yaml, String message) {
        assertThatThrownBy(() -> BetaPolicy.load(getClass().getClassLoader().getResourceAsStream(BetaPolicy.DEFAULT_RESOURCE), stream(yaml)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
