package dev.ccag.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class RequestFactsTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private static RequestFacts scan(String body) {
        return RequestFacts.scan(MAPPER, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheTopLevelFactsAndSkipsTheRest() {
        RequestFacts facts = scan("{\"max_tokens\":32000,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"model\"}]}],"
                + "\"metadata\":{\"model\":\"not this\",\"stream\":\"nor this\"},\"model\":\"claude-sonnet-4-5\",\"stream\":true}");
        assertThat(facts).isEqualTo(new RequestFacts(true, "claude-sonnet-4-5", true, JsonToken.VALUE_TRUE, 32000, false, null));
    }

    @Test
    void theLastOfARepeatedKeyCounts() {
        RequestFacts facts = scan("{\"model\":\"a\",\"messages\":[],\"model\":\"b\",\"messages\":\"no\",\"stream\":true,\"stream\":null}");
        assertThat(facts.model()).isEqualTo("b");
        assertThat(facts.messages()).isFalse();
        assertThat(facts.stream()).isEqualTo(JsonToken.VALUE_NULL);
    }

    @Test
    void reportsWhatTheChecksNeed() {
        assertThat(scan("[1,2]").object()).isFalse();
        assertThat(scan("").object()).isFalse(); // no body at all: "must be a JSON object", as before
        assertThat(scan("{\"model\":5,\"messages\":{}}")).isEqualTo(new RequestFacts(true, null, false, null, 0, false, null));
        assertThat(scan("{\"stream\":\"yes\"}").stream()).isEqualTo(JsonToken.VALUE_STRING);
        assertThat(scan("{\"max_tokens\":\"10\"}").maxTokens()).isZero();
        assertThat(scan("{\"max_tokens\":12.7}").maxTokens()).isEqualTo(12);
        assertThat(scan("{\"max_tokens\":123456789012345678901234567890}").maxTokens()).isEqualTo(Long.MAX_VALUE);
        assertThat(scan("{\"max_tokens\":-5}").maxTokens()).isEqualTo(-5);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}",
            "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\"}]}]}",
            "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"web_search_tool_result\",\"content\":[]}]}]}",
            "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"citations\":[{\"type\":\"web_search_result_location\"}]}]}]}",
            "{\"type\":\"web_search_20260209\"}"})
    void noticesServerToolsAnywhere(String body) {
        assertThat(scan(body).serverTools()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"tools\":[{\"name\":\"web_search_20250305\",\"type\":\"custom\"}]}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"type web_search_20250305\"}]}",
            "{\"type\":{\"type\":\"text\"},\"web_search_20250305\":1}"})
    void mentionsAreNotServerTools(String body) {
        assertThat(scan(body).serverTools()).isFalse();
    }

    @Test
    void recordsTheTokensOfALargeBodyForTheTranslation() {
        String text = "x".repeat(20_000);
        byte[] body = ("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],\"max_tokens\":5}")
                .getBytes(StandardCharsets.UTF_8);
        RequestFacts facts = RequestFacts.scan(MAPPER, body);
        assertThat(facts.tape()).isNotNull();
        assertThat(facts.tape().body()).isSameAs(body);
        assertThat(facts.tape().bytes()).isLessThan(body.length / 4);
        assertThat(facts.maxTokens()).isEqualTo(5);
    }

    @Test
    void noTapeForSmallBodiesOrBodiesOfTinyTokens() {
        assertThat(scan("{\"model\":\"m\",\"messages\":[]}").tape()).isNull(); // tokenised again for less
        String numbers = "1,".repeat(20_000) + "1";
        RequestFacts dense = scan("{\"model\":\"m\",\"messages\":[],\"metadata\":{\"n\":[" + numbers + "]}}");
        assertThat(dense.model()).isEqualTo("m");
        assertThat(dense.tape()).isNull(); // a token per two bytes: the tape would outweigh the body
        assertThat(scan("[" + numbers + "]").tape()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":\"a\"", "{\"model\":\"a\"}}", "{\"model\":\"a\"} {}", "{\"a\":[1,}", "{\"a\":\"\\x\"}", "nul"})
    void refusesWhatIsNotOneJsonValue(String body) {
        assertThatThrownBy(() -> scan(body)).isInstanceOf(JacksonException.class);
    }
}
