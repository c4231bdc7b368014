package dev.ccag.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TokenEstimatorTest {
    static final String SYSTEM = "\"system\":[{\"type\":\"text\",\"text\":\"" + "You are helpful. ".repeat(100)
            + "\",\"cache_control\":{\"type\":\"ephemeral\"}}],";

    @Test
    void countIsAQuarterOfTheBytesAndDeterministic() {
        TokenEstimator tokens = new TokenEstimator(new PromptCache(10));
        JsonNode small = body("\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]");
        JsonNode large = body("\"messages\":[{\"role\":\"user\",\"content\":\"" + "word ".repeat(400) + "\"}]");
        assertThat(tokens.count(small)).isEqualTo(tokens.count(small)).isPositive();
        assertThat(tokens.count(large)).isBetween(500L, 510L);
    }

    @Test
    void noBreakpointsMeansNoCacheUse() {
        TokenEstimator tokens = new TokenEstimator(new PromptCache(10));
        JsonNode b = body("\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]");
        Usage u = tokens.meter(b, "m");
        assertThat(u.cacheReadTokens()).isZero();
        assertThat(u.cacheWriteTokens()).isZero();
        assertThat(u.inputTokens()).isEqualTo(tokens.count(b));
    }

    @Test
    void theFirstRequestWritesThePrefixAndARepeatReadsIt() {
        TokenEstimator tokens = new TokenEstimator(new PromptCache(10));
        JsonNode first = body(SYSTEM + "\"messages\":[{\"role\":\"user\",\"content\":\"one\"}]");
        JsonNode second = body(SYSTEM + "\"messages\":[{\"role\":\"user\",\"content\":\"a different question\"}]");

        Usage u1 = tokens.meter(first, "claude-sonnet-4-5-20250929");
        assertThat(u1.cacheWrite5mTokens()).isGreaterThan(400);
        assertThat(u1.cacheReadTokens()).isZero();
        assertThat(u1.inputTokens() + u1.cacheWriteTokens()).isEqualTo(tokens.count(first));

        Usage u2 = tokens.meter(second, "claude-sonnet-4-5-20250929");
        assertThat(u2.cacheReadTokens()).isEqualTo(u1.cacheWrite5mTokens());
        assertThat(u2.cacheWriteTokens()).isZero();
        assertThat(u2.inputTokens() + u2.cacheReadTokens()).isEqualTo(tokens.count(second));

        Usage otherModel = tokens.meter(second, "claude-opus-4-7");
        assertThat(otherModel.cacheReadTokens()).isZero();
    }

    @Test
    void oneHourBreakpointsAreReportedApart() {
        TokenEstimator tokens = new TokenEstimator(new PromptCache(10));
        JsonNode b = body("\"system\":[{\"type\":\"text\",\"text\":\"" + "rules ".repeat(50) + "\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + "q ".repeat(50)
                + "\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]");
        Usage u = tokens.meter(b, "m");
        assertThat(u.cacheWrite1hTokens()).isPositive();
        assertThat(u.cacheWrite5mTokens()).isPositive();
        assertThat(u.inputTokens()).isZero();
        // the same request again reads everything it wrote
        Usage again = tokens.meter(b, "m");
        assertThat(again.cacheReadTokens()).isEqualTo(u.cacheWriteTokens());
    }

    @Test
    void outputCountsWords() {
        assertThat(TokenEstimator.output(java.util.List.of(new ReplyBlock.Text("one two  three\nfour")))).isEqualTo(4);
        assertThat(TokenEstimator.words("")).isZero();
    }

    private static JsonNode body(String fields) {
        return Json.MAPPER.readTree("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":100," + fields + "}");
    }
}
