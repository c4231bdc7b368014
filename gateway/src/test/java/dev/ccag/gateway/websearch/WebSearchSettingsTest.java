package dev.ccag.gateway.websearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccag.gateway.admin.AdminHarness;
import dev.ccag.gateway.pricing.PriceBook;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** ccag.websearch.* and the per-search price: start-up checks, per-team providers, "none", the price override. */
class WebSearchSettingsTest {

    private static WebSearchProperties props(String provider, String apiKey, String baseUrl, Map<String, WebSearchProperties.TeamOverride> teams) {
        return new WebSearchProperties(provider, apiKey, baseUrl, Duration.ofSeconds(5), 5, 8, 500, teams);
    }

    @Test
    void badSettingsStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> props("bing", null, null, Map.of()).validate())
                .hasMessageStartingWith("ccag.websearch.provider must be one of");
        assertThatThrownBy(() -> props("tavily", null, null, Map.of()).validate())
                .hasMessage("ccag.websearch.api-key is required for provider tavily (set CCAG_WEBSEARCH_API_KEY)");
        assertThatThrownBy(() -> props("custom", null, null, Map.of()).validate())
                .hasMessage("ccag.websearch.base-url is required for provider custom");
        assertThatThrownBy(() -> props("duckduckgo", null, "ftp://x", Map.of()).validate())
                .hasMessage("ccag.websearch.base-url must be an http(s) URL, was ftp://x");
        assertThatThrownBy(() -> props("duckduckgo", null, null,
                Map.of("team-1", new WebSearchProperties.TeamOverride("serper", null, null, null))).validate())
                .hasMessageStartingWith("ccag.websearch.teams[team-1].api-key is required for provider serper");
        assertThatThrownBy(() -> new WebSearchProperties("duckduckgo", null, null, Duration.ofSeconds(5), 50, 8, 500, Map.of()).validate())
                .hasMessage("ccag.websearch.max-results must be between 1 and 20, was 50");
        assertThatThrownBy(() -> new WebSearchProperties("duckduckgo", null, null, Duration.ZERO, 5, 8, 500, Map.of()).validate())
                .hasMessage("ccag.websearch.timeout must be positive");
    }

    @Test
    void teamsMayHaveTheirOwnProvider() throws Exception {
        try (ProviderDouble custom = new ProviderDouble()) {
            custom.answer(200, "application/json", "{\"results\":[{\"url\":\"https://wiki.example.com/a\",\"title\":\"A\",\"snippet\":\"s\",\"page_age\":null}]}");
            SearchProviders providers = SearchProviders.from(props("none", null, null,
                    Map.of("team-research", new WebSearchProperties.TeamOverride("custom", "team-secret", custom.url("/search"), 2))),
                    JsonMapper.builder().build());
            WebSearcher searcher = new WebSearcher(providers, new WebSearchMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), 500);
            WebSearchTool tool = new WebSearchTool("web_search_20250305", "web_search", null, List.of(), List.of(), null);

            SearchOutcome research = searcher.search("q", tool, "team-research", "req_1");
            SearchOutcome others = searcher.search("q", tool, "team-other", "req_2");

            assertThat(research.ok()).isTrue();
            assertThat(research.results()).extracting(SearchResult::url).containsExactly("https://wiki.example.com/a");
            assertThat(custom.last().header("authorization")).isEqualTo("Bearer team-secret");
            assertThat(JsonMapper.builder().build().readTree(custom.last().body()).path("max_results").asInt()).isEqualTo(2);
            assertThat(others.error()).isEqualTo(SearchErrorCode.UNAVAILABLE);
            assertThat(custom.received()).hasSize(1);
            // queries are checked before any provider is asked
            assertThat(searcher.search("x".repeat(501), tool, "team-research", "req_3").error()).isEqualTo(SearchErrorCode.QUERY_TOO_LONG);
            assertThat(searcher.search(" ", tool, "team-research", "req_4").error()).isEqualTo(SearchErrorCode.INVALID_TOOL_INPUT);
            assertThat(custom.received()).hasSize(1);
        }
    }

    @Test
    void providerNoneAnswersUnavailableAndThePerSearchPriceIsConfigurable() throws Exception {
        try (AdminHarness gateway = new AdminHarness(null, "sk-ccag-test-key-0123456789abcdefghij",
                "ccag.websearch.provider=none", "ccag.pricing.web-search=25000")) {
            var request = java.net.http.HttpRequest.newBuilder(gateway.base.resolve("/v1/messages"))
                    .header("content-type", "application/json").header("x-api-key", "sk-ccag-test-key-0123456789abcdefghij")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(WebSearchGatewayTest.body(false,
                            "[[emu:tool web_search {\\\"query\\\":\\\"anything\\\"}]]",
                            "{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}"))).build();
            HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode message = AdminHarness.JSON.readTree(r.body());
            assertThat(message.path("content").get(2).path("content").path("error_code").asString()).isEqualTo("unavailable");
            assertThat(message.path("usage").path("server_tool_use").path("web_search_requests").asInt()).isZero();
            PriceBook prices = gateway.gateway.getBean(PriceBook.class);
            assertThat(prices.priceFor("claude-sonnet-4-5-20250929", "4.5", "us.anthropic.claude-sonnet-4-5-20250929-v1:0")
                    .price().webSearch()).isEqualTo(25_000);
        }
    }
}
