package dev.ccag.gateway.websearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The small pieces: domain matching, tool definitions, citation marks, opaque fields, history. */
class WebSearchUnitsTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
            "example.com, example.com, true",
            "example.com, docs.example.com, true",
            "example.com, a.b.example.com, true",
            "example.com, badexample.com, false",
            "example.com, example.com.evil.net, false",
            "docs.example.com, example.com, false"})
    void domainsCoverTheirSubdomains(String domain, String host, boolean covered) {
        assertThat(DomainFilter.covers(domain, host)).isEqualTo(covered);
        assertThat(DomainFilter.admits("https://" + host + "/page", List.of(domain), List.of())).isEqualTo(covered);
        assertThat(DomainFilter.admits("https://" + host + "/page", List.of(), List.of(domain))).isEqualTo(!covered);
    }

    @ParameterizedTest
    @CsvSource({"https://Docs.Example.com/x, docs.example.com", "example.com., example.com", "*.example.com, example.com",
            "example.com:8443, example.com"})
    void domainEntriesAreNormalised(String entry, String expected) {
        assertThat(DomainFilter.normalise(entry)).isEqualTo(expected);
    }

    @Test
    void aToolDefinitionIsReadWhateverItsVersion() throws Exception {
        WebSearchTool tool = WebSearchTool.parse(JSON.readTree("""
                {"type":"web_search_20260209","name":"web_search","max_uses":3,"allowed_domains":["Example.com"],
                 "user_location":{"type":"approximate","city":"Berlin","country":"DE"},"search_profile":"default"}"""), 0);
        assertThat(tool.type()).isEqualTo("web_search_20260209");
        assertThat(tool.maxUses()).isEqualTo(3);
        assertThat(tool.allowedDomains()).containsExactly("example.com");
        assertThat(tool.location()).isEqualTo(new UserLocation("Berlin", null, "DE", null));
        assertThat(tool.location().describe()).isEqualTo("Berlin, Germany");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"allowed_domains\":[\"a.com\"],\"blocked_domains\":[\"b.com\"]} | tools.2: allowed_domains and blocked_domains cannot be used together",
            "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":0} | tools.2.max_uses: Input should be a positive integer",
            "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"allowed_domains\":\"a.com\"} | tools.2.allowed_domains: Input should be a valid list",
            "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"blocked_domains\":[\"a b\"]} | tools.2.blocked_domains.0: Input should be a domain name",
            "{\"type\":\"web_search_20250305\",\"name\":\"web search\"} | tools.2.name: must be a tool name of 1 to 128 letters, digits, _ or -",
            "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"user_location\":{\"type\":\"exact\"}} | tools.2.user_location.type: Input should be 'approximate'",
            "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"user_location\":{\"type\":\"approximate\",\"country\":\"Germany\"}} | tools.2.user_location.country: Input should be a two-letter ISO 3166-1 country code"})
    void badDefinitionsAreTheClientsError(String definition, String message) {
        assertThatThrownBy(() -> WebSearchTool.parse(JSON.readTree(definition), 2))
                .isInstanceOf(WebSearchTool.InvalidToolException.class).hasMessage(message);
    }

    @Test
    void citationMarksAreFoundAcrossPiecesAndEverythingElseStaysText() {
        CitationMarks marks = new CitationMarks(n -> n >= 1 && n <= 3);
        List<CitationMarks.Piece> out = new ArrayList<>();
        // text that cannot be part of a mark is handed on at once
        assertThat(marks.feed("Claude runs on Bedrock")).containsExactly(new CitationMarks.Piece.Text("Claude runs on Bedrock"));
        for (String piece : List.of(" 【", "1", "】. A gateway helps【2, 3】", " and 【9】 is unknown, 【x】 too.")) {
            out.addAll(marks.feed(piece));
        }
        out.addAll(marks.finish());
        assertThat(out).containsExactly(
                new CitationMarks.Piece.Text(" "),
                new CitationMarks.Piece.Cite(List.of(1)),
                new CitationMarks.Piece.Text(". A gateway helps"),
                new CitationMarks.Piece.Cite(List.of(2, 3)),
                new CitationMarks.Piece.Text(" and 【9】 is unknown, 【x】 too."));
    }

    @Test
    void anUnclosedBracketIsReleasedOnceItCannotBeAMark() {
        CitationMarks marks = new CitationMarks(n -> true);
        assertThat(marks.feed("before 【")).containsExactly(new CitationMarks.Piece.Text("before "));
        String tail = "x".repeat(CitationMarks.MAX_MARK + 1);
        assertThat(marks.feed(tail)).containsExactly(new CitationMarks.Piece.Text("【" + tail));
        assertThat(marks.feed("end 【1")).containsExactly(new CitationMarks.Piece.Text("end "));
        assertThat(marks.finish()).containsExactly(new CitationMarks.Piece.Text("【1"));
    }

    @Test
    void opaqueContentCarriesTheSnippetForLaterTurns() {
        SearchResult r = new SearchResult("https://a.example/x", "A", "The snippet.", null);
        String encoded = OpaqueContent.encode(JSON, r);
        assertThat(encoded).startsWith("ccag1.").doesNotContain("snippet");
        assertThat(OpaqueContent.snippet(JSON, encoded)).isEqualTo("The snippet.");
        assertThat(OpaqueContent.snippet(JSON, "EqgfCioIARgBIiQ3YTAwMjY1Mi1mZjM5LTQ1NGUtODgxNC1kNjNjNTk1ZWI3Y2MSDKPA")).isNull();
    }

    @Test
    void historyBlocksBecomeTextAndSearchCitationsAreDropped() throws Exception {
        var messages = JSON.readTree("""
                [{"role":"user","content":"what is new?"},
                 {"role":"assistant","content":[
                   {"type":"server_tool_use","id":"srvtoolu_01","name":"web_search","input":{"query":"news"}},
                   {"type":"web_search_tool_result","tool_use_id":"srvtoolu_01","content":[
                     {"type":"web_search_result","url":"https://a.example/x","title":"A","encrypted_content":"%s","page_age":"May 1, 2025"},
                     {"type":"web_search_result","url":"https://b.example/","title":"B","encrypted_content":"Eq-anthropic-opaque","page_age":null}]},
                   {"type":"web_search_tool_result","tool_use_id":"srvtoolu_02","content":{"type":"web_search_tool_result_error","error_code":"max_uses_exceeded"}},
                   {"type":"text","text":"A says so.","citations":[{"type":"web_search_result_location","url":"https://a.example/x","title":"A","encrypted_index":"x","cited_text":"c"}]}]},
                 {"role":"user","content":"thanks"}]""".formatted(OpaqueContent.encode(JSON, new SearchResult("https://a.example/x", "A", "A's snippet.", null))));
        assertThat(new SearchHistory(JSON).translate(messages)).isTrue();
        assertThat(messages.get(1).get("content").toString()).isEqualTo(JSON.readTree("""
                [{"type":"text","text":"[web_search: searched the web for \\"news\\"]"},
                 {"type":"text","text":"[Web search results]\\n- A (https://a.example/x), May 1, 2025: A's snippet.\\n- B (https://b.example/)"},
                 {"type":"text","text":"[Web search error: max_uses_exceeded]"},
                 {"type":"text","text":"A says so."}]""").toString());
        assertThat(new SearchHistory(JSON).translate(messages)).isFalse();
    }
}
