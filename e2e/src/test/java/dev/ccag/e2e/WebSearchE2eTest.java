package dev.ccag.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ccag.emulator.RecordedRequest;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Claude Code's own WebSearch tool through CCAG: the CLI sends its web_search_20250305 server tool,
 * the gateway runs the search against a loopback DuckDuckGo double, and the CLI gets Anthropic's
 * blocks back, hands the results to the main model, and the final answer quotes them.
 *
 * <p>2.1.328 offers WebSearch as a deferred tool (loaded through ToolSearch); ENABLE_TOOL_SEARCH=false
 * puts it straight into the tool list so the scripted emulator can call it (docs/claude-code-traffic.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSearchE2eTest {
    private static final String RESULT_URL = "https://ccag.example.com/releases/1.0";
    private static final String RESULT_TITLE = "CCAG 1.0 released with web search";

    private HttpServer duckDuckGo;
    private final List<String> searches = new CopyOnWriteArrayList<>();
    private GatewayStack stack;
    private ClaudeCli cli;

    @BeforeAll
    void start() throws Exception {
        cli = ClaudeCli.locate();
        duckDuckGo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        duckDuckGo.createContext("/html/", exchange -> {
            try (exchange) {
                searches.add(exchange.getRequestMethod() + " " + URLDecoder.decode(
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                byte[] page = resultsPage().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            }
        });
        duckDuckGo.start();
        stack = GatewayStack.start(
                "--ccag.websearch.provider=duckduckgo",
                "--ccag.websearch.base-url=http://127.0.0.1:" + duckDuckGo.getAddress().getPort() + "/html/");
    }

    @AfterAll
    void stop() {
        if (stack != null) stack.close();
        if (duckDuckGo != null) duckDuckGo.stop(0);
    }

    @Test
    void claudeCodesWebSearchToolReturnsResultsAndTheAnswerQuotesThem() {
        // The main model calls WebSearch; the CLI's query carries the directive that makes the search
        // sub-request's "model" call the gateway's search tool.
        String input = "{\"query\":\"ccag release notes [[emu:tool web_search {\\\"query\\\":\\\"ccag release notes\\\"}]]\"}";
        ClaudeCli.Result result = cli.against(stack.baseUrl(), stack.key())
                .env("ENABLE_TOOL_SEARCH", "false")
                .exec("-p", "Find the release notes. [[emu:tool WebSearch " + input + "]]",
                        "--model", SdkClients.MODEL, "--allowedTools", "WebSearch");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        // the final answer quotes what the search found: title and URL of the result
        assertThat(result.stdout()).as(result.describe()).contains(RESULT_TITLE).contains(RESULT_URL);
        assertThat(searches).containsExactly("POST q=ccag release notes&b=");

        List<RecordedRequest> requests = stack.emulator().requests();
        // main call, search call (model calls the tool), search call (model reads the results), main call
        assertThat(requests).hasSize(4);
        JsonNode search = requests.get(1).body();
        assertThat(search.path("tools")).hasSize(1);
        assertThat(search.path("tools").get(0).path("name").asString()).isEqualTo("web_search");
        assertThat(search.path("tools").get(0).has("type")).as("Bedrock gets an ordinary tool").isFalse();
        assertThat(search.path("tool_choice").path("name").asString()).isEqualTo("web_search");
        JsonNode fedBack = requests.get(2).body().path("messages");
        assertThat(fedBack.get(fedBack.size() - 1).toString()).contains("tool_result").contains(RESULT_URL);
        // the CLI gave the main model the links it read from the web_search_tool_result block
        JsonNode last = requests.get(3).body().path("messages");
        assertThat(last.toString()).contains("Links:").contains(RESULT_URL).contains(RESULT_TITLE);
    }

    private static String resultsPage() {
        return """
                <!DOCTYPE html><html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8">
                <title>ccag release notes at DuckDuckGo</title></head><body><div class="filters"><div class="results">
                <div class="result results_links results_links_deep web-result "><div class="links_main links_deep result__body">
                <h2 class="result__title"><a rel="nofollow" class="result__a" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Fccag.example.com%2Freleases%2F1.0&amp;rut=ab12">CCAG 1.0 released with <b>web search</b></a></h2>
                <div class="result__extras"><div class="result__extras__url">
                <a class="result__url" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Fccag.example.com%2Freleases%2F1.0&amp;rut=ab12">ccag.example.com/releases/1.0</a>
                <span>&nbsp; &nbsp; 2026-01-15T00:00:00.0000000</span></div></div>
                <a class="result__snippet" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Fccag.example.com%2Freleases%2F1.0&amp;rut=ab12">The gateway now runs Claude Code's WebSearch on Bedrock.</a>
                </div></div>
                </div></div></body></html>""";
    }
}
