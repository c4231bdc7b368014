package dev.ccag.gateway.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceTableTest {

    static PriceFile shipped() throws IOException {
        try (InputStream in = PriceTableTest.class.getClassLoader().getResourceAsStream("ccag/prices.yaml")) {
            return PriceFile.read(in, "ccag/prices.yaml");
        }
    }

    static PriceFile yaml(String text) throws IOException {
        return PriceFile.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static PriceBook book(PriceFile operator) throws IOException {
        return new PriceBook(shipped(), operator, null, new SimpleMeterRegistry());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "claude-3-5-haiku-20241022,   800000,   4000000,  1000000,  1600000,  80000",
            "claude-haiku-4-5-20251001,   1000000,  5000000,  1250000,  2000000,  100000",
            "claude-3-5-sonnet-20241022,  3000000,  15000000, 3750000,  6000000,  300000",
            "claude-3-7-sonnet-20250219,  3000000,  15000000, 3750000,  6000000,  300000",
            "claude-sonnet-4-20250514,    3000000,  15000000, 3750000,  6000000,  300000",
            "claude-sonnet-4-5-20250929,  3000000,  15000000, 3750000,  6000000,  300000",
            "claude-sonnet-4-6,           3000000,  15000000, 3750000,  6000000,  300000",
            "claude-opus-4-20250514,      15000000, 75000000, 18750000, 30000000, 1500000",
            "claude-opus-4-1-20250805,    15000000, 75000000, 18750000, 30000000, 1500000",
            "claude-opus-4-5-20251101,    5000000,  25000000, 6250000,  10000000, 500000",
            "claude-opus-4-6,             5000000,  25000000, 6250000,  10000000, 500000",
            "claude-opus-4-7,             5000000,  25000000, 6250000,  10000000, 500000",
    })
    void shipsTheListPriceOfEveryCatalogModel(String model, long in, long out, long w5m, long w1h, long read) throws IOException {
        AppliedPrice p = book(null).priceFor(model, null, "global.anthropic." + model);
        assertThat(p.source()).isEqualTo("list");
        assertThat(p.price()).isEqualTo(new Price(in, out, w5m, w1h, read, 10_000));
        assertThat(p.upliftPercent()).isZero();
    }

    @ParameterizedTest(name = "{0} via {2}: {3}%")
    @CsvSource({
            "claude-sonnet-4-6,          4.6, us.anthropic.claude-sonnet-4-6,                 10",
            "claude-sonnet-4-6,          4.6, anthropic.claude-sonnet-4-6,                    10",
            "claude-sonnet-4-6,          4.6, global.anthropic.claude-sonnet-4-6,             0",
            "claude-haiku-4-5-20251001,  4.5, eu.anthropic.claude-haiku-4-5-20251001-v1:0,    10",
            "claude-sonnet-4-20250514,   4,   us.anthropic.claude-sonnet-4-20250514-v1:0,     0",
            "claude-3-7-sonnet-20250219, 3.7, us.anthropic.claude-3-7-sonnet-20250219-v1:0,   0",
            "claude-opus-5,              next, us.anthropic.claude-opus-5,                    10",
    })
    void regionalUpliftFromGenerationFourFiveOn(String model, String generation, String bedrock, int percent) throws IOException {
        assertThat(book(null).priceFor(model, generation, bedrock).upliftPercent()).isEqualTo(percent);
    }

    @Test
    void unknownModelIsNeverFreeAndIsCounted() throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PriceBook book = new PriceBook(shipped(), null, null, registry);
        AppliedPrice p = book.priceFor("claude-mystery-9", "next", "global.anthropic.claude-mystery-9");
        assertThat(p.unpriced()).isTrue();
        // the most expensive shipped model: Opus 4 / 4.1
        assertThat(p.price().input()).isEqualTo(15_000_000);
        assertThat(p.price().output()).isEqualTo(75_000_000);
        assertThat(CostCalculator.costMicros(p, 1000, 1000, 0, 0, 0, 0)).isEqualTo(90_000);
        assertThat(registry.get("ccag.usage.unpriced").counter().count()).isEqualTo(1.0);
    }

    @Test
    void fallbackModelIsConfigurable() throws IOException {
        PriceBook book = book(yaml("fallback_model: claude-sonnet-4-6\n"));
        assertThat(book.priceFor("claude-mystery-9", null, "global.anthropic.x").price().input()).isEqualTo(3_000_000);
    }

    @Test
    void operatorFileWinsOverTheListAndAnExactPrefixEntryGetsNoUplift() throws IOException {
        PriceBook book = book(yaml("""
                models:
                  - model: claude-sonnet-4-6
                    input: 2000000
                    output: 10000000
                    cache_write_5m: 2500000
                    cache_write_1h: 4000000
                    cache_read: 200000
                  - model: claude-sonnet-4-6
                    profile_prefix: eu
                    input: 3300000
                    output: 16500000
                    cache_write_5m: 4125000
                    cache_write_1h: 6600000
                    cache_read: 330000
                    web_search: 12000
                uplift:
                  min_generation: "4.5"
                  percent_by_prefix: {us: 25}
                """));
        AppliedPrice us = book.priceFor("claude-sonnet-4-6", "4.6", "us.anthropic.claude-sonnet-4-6");
        assertThat(us.source()).isEqualTo("file");
        assertThat(us.price().input()).isEqualTo(2_000_000);
        assertThat(us.upliftPercent()).isEqualTo(25);
        AppliedPrice eu = book.priceFor("claude-sonnet-4-6", "4.6", "eu.anthropic.claude-sonnet-4-6");
        assertThat(eu.price().input()).isEqualTo(3_300_000);
        assertThat(eu.price().webSearch()).isEqualTo(12_000);
        assertThat(eu.upliftPercent()).isZero();
        // models the file does not name keep their list price
        assertThat(book.priceFor("claude-opus-4-7", "4.7", "global.anthropic.claude-opus-4-7").source()).isEqualTo("list");
    }

    @Test
    void databaseOverridesWinOverFileAndList() throws IOException {
        PriceTable table = new PriceTable(List.of(
                new PriceTable.Layer("db", List.of(new PriceEntry("claude-opus-4-7", "*", new Price(1, 2, 3, 4, 5, 6)))),
                new PriceTable.Layer("list", shipped().entries())), Uplift.NONE, null);
        AppliedPrice p = table.priceFor("claude-opus-4-7", "4.7", "us.anthropic.claude-opus-4-7");
        assertThat(p.source()).isEqualTo("db");
        assertThat(p.price()).isEqualTo(new Price(1, 2, 3, 4, 5, 6));
    }

    @Test
    void theLongestPatternWins() throws IOException {
        // claude-opus-4-2025* (Opus 4) must not swallow claude-opus-4-5-..., nor claude-sonnet-4* be beaten by a shorter one
        PriceBook book = book(null);
        assertThat(book.priceFor("claude-opus-4-5-20251101", null, "global.x").entry()).isEqualTo("claude-opus-4-5*");
        assertThat(book.priceFor("claude-opus-4-20250514", null, "global.x").entry()).isEqualTo("claude-opus-4-2025*");
    }

    @Test
    void priceJsonRecordsEveryComponentAndTheUplift() throws IOException {
        AppliedPrice p = book(null).priceFor("claude-sonnet-4-6", "4.6", "us.anthropic.claude-sonnet-4-6");
        assertThat(p.toJson()).isEqualTo("{\"source\":\"list\",\"entry\":\"claude-sonnet-4*\",\"prefix\":\"us\",\"input\":3000000,"
                + "\"output\":15000000,\"cache_write_5m\":3750000,\"cache_write_1h\":6000000,\"cache_read\":300000,"
                + "\"web_search\":10000,\"uplift_percent\":10}");
    }

    @Test
    void badFilesNameTheEntry() {
        assertThatThrownBy(() -> yaml("models:\n  - model: x\n    input: 1\n"))
                .hasMessageContaining("test.yaml: models[0].output is required");
        assertThatThrownBy(() -> yaml("models:\n  - model: x\n    input: -1\n    output: 1\n    cache_write_5m: 1\n    cache_write_1h: 1\n    cache_read: 1\n"))
                .hasMessageContaining("models[0].input must be a non-negative integer");
        assertThatThrownBy(() -> yaml("models:\n  - model: x\n    input: 1.5\n    output: 1\n    cache_write_5m: 1\n    cache_write_1h: 1\n    cache_read: 1\n"))
                .hasMessageContaining("models[0].input must be a non-negative integer");
    }

    @Test
    void profilePrefixes() {
        assertThat(PriceTable.profilePrefixOf("us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0")).isEqualTo("us-gov");
        assertThat(PriceTable.profilePrefixOf("anthropic.claude-sonnet-4-6")).isEqualTo("none");
        assertThat(PriceTable.profilePrefixOf("arn:aws:bedrock:us-east-1:123:application-inference-profile/x")).isEqualTo("arn");
    }

    @Test
    void aRememberedAnswerIsTheOneAFreshTableGivesForTheSameQuestion() throws IOException {
        PriceTable table = book(null).table();
        String[][] questions = {
                {"claude-sonnet-4-6", "4.6", "us.anthropic.claude-sonnet-4-6"},
                {"claude-sonnet-4-6", "4.6", "global.anthropic.claude-sonnet-4-6"},
                {"claude-sonnet-4-6", null, "us.anthropic.claude-sonnet-4-6"},
                {null, null, null},
                {"claude-made-up-9", null, "eu.anthropic.claude-made-up-9"},
        };
        for (int round = 0; round < 3; round++) {
            for (String[] q : questions) {
                assertThat(table.priceFor(q[0], q[1], q[2])).as("round %d: %s", round, java.util.Arrays.toString(q))
                        .isEqualTo(book(null).table().priceFor(q[0], q[1], q[2]));
            }
        }
        assertThat(table.priceFor("claude-sonnet-4-6", "4.6", "us.anthropic.claude-sonnet-4-6").upliftPercent()).isEqualTo(10);
        assertThat(table.priceFor("claude-sonnet-4-6", "4.6", "global.anthropic.claude-sonnet-4-6").upliftPercent()).isZero();
    }
}
