package dev.ccag.gateway.websearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each provider against a loopback double speaking that provider's wire format: the request the
 * double receives (method, path, headers, body) and how the answer is read.
 */
class SearchProvidersTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final UserLocation SF = new UserLocation("San Francisco", "California", "US", "America/Los_Angeles");
    private static ProviderDouble provider;
    private static final ProviderHttp HTTP = new ProviderHttp(Duration.ofSeconds(2));

    @BeforeAll
    static void start() throws Exception {
        provider = new ProviderDouble();
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @BeforeEach
    void reset() {
        provider.reset();
    }

    private static SearchRequest request(List<String> allowed, List<String> blocked, UserLocation location) {
        return new SearchRequest("bedrock claude gateway", 5, allowed, blocked, location);
    }

    @Test
    void duckDuckGoPostsTheHtmlFormAndParsesTheResultsPage() throws Exception {
        provider.answer(200, "text/html; charset=UTF-8", ProviderDouble.resource("duckduckgo-results.html"));
        var ddg = new DuckDuckGoProvider(HTTP, provider.url("/html/"));

        List<SearchResult> results = ddg.search(request(List.of("example.org", "example.net"), List.of(), SF));

        ProviderDouble.Received r = provider.last();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/html/");
        assertThat(r.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(r.header("user-agent")).startsWith("Mozilla/5.0");
        assertThat(URLDecoder.decode(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("q=bedrock claude gateway site:example.org OR site:example.net&b=&kl=us-en");
        // the ad is skipped; links are taken out of DuckDuckGo's redirector; dates become page_age
        assertThat(results).extracting(SearchResult::url).containsExactly(
                "https://docs.aws.example.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html",
                "https://blog.example.org/2025/07/claude-code-gateway?ref=ddg&x=1",
                "https://forum.example.net/t/bedrock-web-search/4242");
        assertThat(results.getFirst().title()).isEqualTo("Anthropic Claude Messages API - Amazon Bedrock");
        assertThat(results.getFirst().snippet()).startsWith("This section provides inference parameters");
        assertThat(results.getFirst().pageAge()).isEqualTo("April 30, 2025");
        assertThat(results.get(1).pageAge()).isNull();
        assertThat(results.get(1).snippet()).contains("AWS accounts & regions");
        assertThat(results.get(2).pageAge()).isEqualTo("November 2, 2024");
    }

    @Test
    void duckDuckGoHonoursMaxResultsBlockedDomainsAndRegions() throws Exception {
        provider.answer(200, "text/html", ProviderDouble.resource("duckduckgo-results.html"));
        var ddg = new DuckDuckGoProvider(HTTP, provider.url("/html/"));

        List<SearchResult> results = ddg.search(new SearchRequest("q", 2, List.of(), List.of("spam.example"),
                new UserLocation(null, null, "DE", null)));

        assertThat(results).hasSize(2);
        assertThat(URLDecoder.decode(provider.last().body(), StandardCharsets.UTF_8)).isEqualTo("q=q -site:spam.example&b=&kl=de-de");
        ddg.search(request(List.of(), List.of(), null));
        assertThat(provider.last().body()).doesNotContain("kl=");
    }

    @Test
    void duckDuckGoBotCheckIsTooManyRequestsAndAnEmptyPageIsNoResults() throws Exception {
        var ddg = new DuckDuckGoProvider(HTTP, provider.url("/html/"));
        provider.answer(200, "text/html", ProviderDouble.resource("duckduckgo-anomaly.html"));
        assertThatThrownBy(() -> ddg.search(request(List.of(), List.of(), null)))
                .isInstanceOfSatisfying(SearchException.class, e -> assertThat(e.code()).isEqualTo(SearchErrorCode.TOO_MANY_REQUESTS));
        provider.answer(202, "text/html", "<html></html>");
        assertThatThrownBy(() -> ddg.search(request(List.of(), List.of(), null)))
                .isInstanceOfSatisfying(SearchException.class, e -> assertThat(e.code()).isEqualTo(SearchErrorCode.TOO_MANY_REQUESTS));
        provider.answer(200, "text/html", ProviderDouble.resource("duckduckgo-no-results.html"));
        assertThat(ddg.search(request(List.of(), List.of(), null))).isEmpty();
    }

    @Test
    void tavilyPostsJsonWithBearerKeyAndDomainLists() throws Exception {
        provider.answer(200, "application/json", """
                {"query":"bedrock claude gateway","follow_up_questions":null,"answer":null,"images":[],
                 "results":[
                   {"title":"Claude on Amazon Bedrock","url":"https://aws.example.com/bedrock/claude/","content":"Claude models are available in Bedrock.","score":0.91,"raw_content":null},
                   {"title":"Gateway news","url":"https://news.example.com/gw","content":"A gateway launched.","score":0.73,"raw_content":null,"published_date":"Wed, 30 Apr 2025 10:00:00 GMT"}],
                 "response_time":1.42,"request_id":"123e4567-e89b-12d3-a456-426614174111"}""");
        var tavily = new TavilyProvider(HTTP, JSON, provider.url("/search"), "tvly-dev-secret");

        List<SearchResult> results = tavily.search(request(List.of("example.com"), List.of(), SF));

        ProviderDouble.Received r = provider.last();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/search");
        assertThat(r.header("authorization")).isEqualTo("Bearer tvly-dev-secret");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("query").asString()).isEqualTo("bedrock claude gateway");
        assertThat(body.get("max_results").asInt()).isEqualTo(5);
        assertThat(body.get("search_depth").asString()).isEqualTo("basic");
        assertThat(body.get("include_domains").toString()).isEqualTo("[\"example.com\"]");
        assertThat(body.has("exclude_domains")).isFalse();
        assertThat(body.get("country").asString()).isEqualTo("united states");
        assertThat(results).containsExactly(
                new SearchResult("https://aws.example.com/bedrock/claude/", "Claude on Amazon Bedrock", "Claude models are available in Bedrock.", null),
                new SearchResult("https://news.example.com/gw", "Gateway news", "A gateway launched.", "Wed, 30 Apr 2025 10:00:00 GMT"));

        tavily.search(request(List.of(), List.of("spam.example"), null));
        JsonNode second = JSON.readTree(provider.last().body());
        assertThat(second.get("exclude_domains").toString()).isEqualTo("[\"spam.example\"]");
        assertThat(second.has("include_domains")).isFalse();
        assertThat(second.has("country")).isFalse();
    }

    @Test
    void serperPostsJsonWithApiKeyHeaderAndSiteOperators() throws Exception {
        provider.answer(200, "application/json", """
                {"searchParameters":{"q":"bedrock claude gateway","gl":"us","type":"search","num":5,"engine":"google"},
                 "knowledgeGraph":{"title":"Amazon Bedrock","type":"Service"},
                 "organic":[
                   {"title":"Amazon Bedrock - Claude","link":"https://aws.example.com/bedrock/claude","snippet":"Build with Claude on Bedrock.","date":"Apr 30, 2025","position":1},
                   {"title":"A gateway","link":"https://gw.example.com/","snippet":"Gateway docs.","sitelinks":[{"title":"Docs","link":"https://gw.example.com/docs"}],"position":2}],
                 "peopleAlsoAsk":[],"relatedSearches":[{"query":"bedrock gateway"}],"credits":1}""");
        var serper = new SerperProvider(HTTP, JSON, provider.url("/search"), "serper-secret");

        List<SearchResult> results = serper.search(request(List.of(), List.of("spam.example"), SF));

        ProviderDouble.Received r = provider.last();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/search");
        assertThat(r.header("x-api-key")).isEqualTo("serper-secret");
        assertThat(r.header("authorization")).isNull();
        assertThat(r.header("content-type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("q").asString()).isEqualTo("bedrock claude gateway -site:spam.example");
        assertThat(body.get("num").asInt()).isEqualTo(5);
        assertThat(body.get("gl").asString()).isEqualTo("us");
        assertThat(body.get("location").asString()).isEqualTo("San Francisco, California, United States");
        assertThat(results).containsExactly(
                new SearchResult("https://aws.example.com/bedrock/claude", "Amazon Bedrock - Claude", "Build with Claude on Bedrock.", "Apr 30, 2025"),
                new SearchResult("https://gw.example.com/", "A gateway", "Gateway docs.", null));
    }

    @Test
    void customProviderFollowsTheDocumentedContract() throws Exception {
        provider.answer(200, "application/json", """
                {"results":[{"url":"https://intranet.example.com/wiki/ccag","title":"CCAG wiki","snippet":"How we run CCAG.","page_age":"2 days ago"}]}""");
        var custom = new CustomProvider(HTTP, JSON, provider.url("/v1/search"), "custom-secret");

        List<SearchResult> results = custom.search(request(List.of("example.com"), List.of(), SF));

        ProviderDouble.Received r = provider.last();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/search");
        assertThat(r.header("authorization")).isEqualTo("Bearer custom-secret");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("""
                {"query":"bedrock claude gateway","max_results":5,"allowed_domains":["example.com"],"blocked_domains":[],
                 "user_location":{"city":"San Francisco","region":"California","country":"US","timezone":"America/Los_Angeles"}}"""));
        assertThat(results).containsExactly(new SearchResult("https://intranet.example.com/wiki/ccag", "CCAG wiki", "How we run CCAG.", "2 days ago"));

        var keyless = new CustomProvider(HTTP, JSON, provider.url("/v1/search"), null);
        keyless.search(request(List.of(), List.of(), null));
        assertThat(provider.last().header("authorization")).isNull();
        assertThat(JSON.readTree(provider.last().body()).get("user_location").isNull()).isTrue();
    }

    @Test
    void statusesBecomeTheRightErrorCodes() {
        var custom = new CustomProvider(HTTP, JSON, provider.url("/v1/search"), null);
        provider.answer(429, "application/json", "{\"error\":\"slow down\"}");
        assertThat(code(() -> custom.search(request(List.of(), List.of(), null)))).isEqualTo(SearchErrorCode.TOO_MANY_REQUESTS);
        provider.answer(400, "application/json", "{\"error_code\":\"query_too_long\"}");
        assertThat(code(() -> custom.search(request(List.of(), List.of(), null)))).isEqualTo(SearchErrorCode.QUERY_TOO_LONG);
        provider.answer(400, "application/json", "{\"error_code\":\"max_uses_exceeded\"}"); // not the provider's to say
        assertThat(code(() -> custom.search(request(List.of(), List.of(), null)))).isEqualTo(SearchErrorCode.UNAVAILABLE);
        provider.answer(503, "text/plain", "down");
        assertThat(code(() -> custom.search(request(List.of(), List.of(), null)))).isEqualTo(SearchErrorCode.UNAVAILABLE);
        provider.answer(200, "text/html", "<html>not json</html>");
        assertThat(code(() -> custom.search(request(List.of(), List.of(), null)))).isEqualTo(SearchErrorCode.UNAVAILABLE);
        var tavily = new TavilyProvider(HTTP, JSON, provider.url("/search"), "k");
        provider.answer(401, "application/json", "{\"detail\":{\"error\":\"Unauthorized: missing or invalid API key.\"}}");
        assertThat(code(() -> tavily.search(request(List.of(), List.of(), null)))).isEqualTo(SearchErrorCode.UNAVAILABLE);
    }

    @Test
    void aSlowProviderTimesOutAsUnavailable() {
        var quick = new SerperProvider(new ProviderHttp(Duration.ofMillis(300)), JSON, provider.url("/search"), "k");
        provider.answer(new ProviderDouble.Answer(200, "application/json", "{\"organic\":[]}", 3000));
        long start = System.nanoTime();
        assertThat(code(() -> quick.search(request(List.of(), List.of(), null)))).isEqualTo(SearchErrorCode.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anUnreachableProviderIsUnavailable() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var gone = new TavilyProvider(HTTP, JSON, "http://127.0.0.1:" + port + "/search", "k");
        assertThat(code(() -> gone.search(request(List.of(), List.of(), null)))).isEqualTo(SearchErrorCode.UNAVAILABLE);
    }

    interface Search {
        List<SearchResult> run() throws SearchException;
    }

    private static SearchErrorCode code(Search search) {
        try {
            search.run();
        } catch (SearchException e) {
            return e.code();
        }
        throw new AssertionError("the search did not fail");
    }
}
