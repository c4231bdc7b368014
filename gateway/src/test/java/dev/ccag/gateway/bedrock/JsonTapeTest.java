package dev.ccag.gateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The tape's cursor reads as Jackson's tokeniser does: the same tokens, offsets, names and texts, and the same skips. */
class JsonTapeTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":1,\"b\":[true,false,null,-0,1.5e-3,2E+10,123456789012345678901234567890],\"c\":{\"d\":{}}}",
            " { \"k\\\"ey\" : \"va\\\\lue\\n\" , \"caf\u00e9\":\"caf\\u00e9 \u00e9 \ud834\udd1e \\ud834\\udd1e\", \"e\" : [ ] , \"f\":[[],[{}]] } ",
            "{\"type\":\"custom\",\"name\":\"\",\"t\":\"\\/\",\"u\":\"\\u0000\",\"n\":-12,\"x\":{\"y\":[1,{\"z\":\"w\"}]}}",
            "{}"})
    void readsEveryTokenAsTheTokeniser(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        for (long seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            try (JsonParser parser = MAPPER.createParser(body)) {
                Tokens expected = Tokens.of(parser);
                Tokens actual = new JsonTape.Cursor(BodyRewriterTest.tape(body), MAPPER);
                int tokens = 0;
                JsonToken t;
                do {
                    // skip some containers (seeded), read every token otherwise
                    boolean skip = seed > 0 && tokens > 0 && random.nextInt(3) == 0;
                    if (skip) {
                        expected.skipChildren();
                        actual.skipChildren();
                        assertThat(actual.currentToken()).isEqualTo(expected.currentToken());
                        assertThat(actual.start()).isEqualTo(expected.start());
                    }
                    t = expected.nextToken();
                    assertThat(actual.nextToken()).as("token %d of %s", tokens, json).isEqualTo(t);
                    if (t == null) break;
                    tokens++;
                    assertThat(actual.start()).as("offset of token %d", tokens).isEqualTo(expected.start());
                    if (t == JsonToken.PROPERTY_NAME) {
                        assertThat(actual.currentName()).isEqualTo(expected.currentName());
                    } else if (t.isScalarValue()) {
                        assertThat(actual.getString()).as("text of token %d", tokens).isEqualTo(expected.getString());
                    }
                } while (true);
                assertThat(actual.currentToken()).isNull();
                assertThat(tokens).isPositive();
            }
        }
    }

    @Test
    void isReadOnlyForTheArrayItWasReadFrom() throws Exception {
        byte[] body = "{\"a\":\"12345\",\"max_tokens\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] other = "{\"max_tokens\":1,\"a\":\"12345\"}".getBytes(StandardCharsets.UTF_8); // same length, keys swapped
        JsonTape tape = BodyRewriterTest.tape(body);
        ModelFeatures features = new ModelFeatures(true, true, false, false, true, "opus");
        String expected = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":1}";
        assertThat(render(body, tape, features)).isEqualTo(expected);
        // a tool loop's next request is another array: tokenised, never walked along a stale tape
        assertThat(render(other, tape, features)).isEqualTo(expected);
        assertThatThrownBy(() -> BodyRewriter.plan(MAPPER, "{".getBytes(StandardCharsets.UTF_8), tape, features, Set.of(),
                new RemovedFields())).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("Request body is not valid JSON");
    }

    private static String render(byte[] body, JsonTape tape, ModelFeatures features) throws InvalidRequestException {
        return new String(BodyRewriter.plan(MAPPER, body, tape, features, Set.of(), new RemovedFields()).render(List.of()),
                StandardCharsets.UTF_8);
    }

    @Test
    void aRecordingThatSkippedTokensOrDidNotCloseGivesNoTape() {
        byte[] body = "{\"a\":[1,2,3],\"b\":{\"c\":4}}".getBytes(StandardCharsets.UTF_8);
        JsonTape.Recorder skipped = new JsonTape.Recorder(body, 0, 1);
        try (JsonParser p = MAPPER.createParser(body)) {
            skipped.next(p);
            skipped.next(p);
            skipped.next(p);
            skipped.abandon();
            p.skipChildren();
        }
        assertThat(skipped.finish()).isNull();

        JsonTape.Recorder unfinished = new JsonTape.Recorder(body, 0, 1);
        try (JsonParser p = MAPPER.createParser(body)) {
            unfinished.next(p);
            unfinished.next(p);
        }
        assertThat(unfinished.finish()).isNull();
    }
}
