package dev.ccag.gateway.websearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.emulator.RecordedRequest;
import dev.ccag.gateway.admin.AdminHarness;
import dev.ccag.gateway.pricing.AppliedPrice;
import dev.ccag.gateway.pricing.CostCalculator;
import dev.ccag.gateway.pricing.PriceBook;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web search tool through the real gateway, in front of the real Bedrock emulator, with a
 * loopback DuckDuckGo double as the provider: exact block sequences and indices, streaming and
 * not, domain filters, max_uses, provider failures, tool-using turns, history, ledger and metrics.
 */
class WebSearchGatewayTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "sk-ccag-test-key-0123456789abcdefghij";
    private static final String MODEL = "claude-sonnet-4-5-20250929";
    private static final String SEARCH_TOOL = "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":5}";
    private static final String BASH_TOOL = "{\"name\":\"Bash\",\"description\":\"Run a command\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}}}}";
    private static final String SEARCH = "[[emu:tool web_search {\\\"query\\\":\\\"bedrock claude gateway\\\"}]]";

    private static ProviderDouble ddg;
    private static AdminHarness gateway;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        ddg = new ProviderDouble();
        gateway = new AdminHarness(null, KEY,
                "ccag.websearch.provider=duckduckgo",
                "ccag.websearch.base-url=" + ddg.url("/html/"),
                "ccag.websearch.timeout=1s",
                "ccag.websearch.max-iterations=3",
                "ccag.proxy.ping-interval=200ms",
                "ccag.usage.batch-interval=20ms");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (ddg != null) ddg.close();
    }

    @BeforeEach
    void reset() {
        gateway.emulator.reset();
        ddg.reset();
        ddg.answer(200, "text/html; charset=UTF-8", ProviderDouble.resource("duckduckgo-results.html"));
    }

    // ---- streaming -------------------------------------------------------------------------

    @Test
    void streamedTurnSearchesFeedsTheResultsBackAndCitesThem() throws Exception {
        HttpResponse<String> r = post(body(true, SEARCH, SEARCH_TOOL));

        assertThat(r.statusCode()).isEqualTo(200);
        List<Event> events = sse(r.body());
        assertWellFormed(events);
        List<Event> starts = events.stream().filter(e -> e.type.equals("content_block_start")).toList();
        // call 1: the model's preamble and its call of the search tool; then the gateway's result block
        assertThat(starts.get(0).block().path("type").asString()).isEqualTo("text");
        ObjectNode use = starts.get(1).block();
        assertThat(use.path("type").asString()).isEqualTo("server_tool_use");
        assertThat(use.path("id").asString()).matches("srvtoolu_01[0-9A-Za-z]{22}");
        assertThat(use.path("name").asString()).isEqualTo("web_search");
        assertThat(use.path("input").toString()).isEqualTo("{}");
        String partialJson = joinDeltas(events, 1, "input_json_delta", "partial_json");
        assertThat(JSON.readTree(partialJson).path("query").asString()).isEqualTo("bedrock claude gateway");
        // Claude Code reads the query from the partial JSON with this pattern
        assertThat(partialJson).containsPattern("\"query\"\\s*:\\s*\"bedrock claude gateway\"");
        ObjectNode result = starts.get(2).block();
        assertThat(result.path("type").asString()).isEqualTo("web_search_tool_result");
        assertThat(result.path("tool_use_id").asString()).isEqualTo(use.path("id").asString());
        assertThat(result.path("content")).hasSize(3);
        JsonNode first = result.path("content").get(0);
        assertThat(first.path("type").asString()).isEqualTo("web_search_result");
        assertThat(first.path("url").asString()).isEqualTo("https://docs.aws.example.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html");
        assertThat(first.path("title").asString()).isEqualTo("Anthropic Claude Messages API - Amazon Bedrock");
        assertThat(first.path("page_age").asString()).isEqualTo("April 30, 2025");
        assertThat(first.path("encrypted_content").asString()).startsWith("ccag1.");
        // the result block arrives complete: no delta for it
        assertThat(events).noneMatch(e -> e.type.equals("content_block_delta") && e.json.path("index").asInt() == 2);
        // call 2: the model quotes the results; its 【n】 marks became citations on split text blocks
        String answer = allText(events);
        assertThat(answer).contains("Tool result received: Web search results for \"bedrock claude gateway\"")
                .contains("Anthropic Claude Messages API - Amazon Bedrock").doesNotContain("【1】").doesNotContain("【2】");
        List<JsonNode> citations = events.stream().filter(e -> e.type.equals("content_block_delta")
                && e.json.path("delta").path("type").asString().equals("citations_delta")).map(e -> e.json.path("delta").path("citation")).toList();
        assertThat(citations).extracting(c -> c.path("url").asString()).contains(first.path("url").asString(),
                "https://blog.example.org/2025/07/claude-code-gateway?ref=ddg&x=1", "https://forum.example.net/t/bedrock-web-search/4242");
        assertThat(citations.getFirst().path("type").asString()).isEqualTo("web_search_result_location");
        assertThat(citations.getFirst().path("cited_text").asString()).startsWith("This section provides inference parameters");
        assertThat(citations.getFirst().path("encrypted_index").asString()).startsWith("ccag1.");

        JsonNode delta = single(events, "message_delta").json;
        assertThat(delta.path("delta").path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(delta.path("usage").path("server_tool_use").path("web_search_requests").asInt()).isEqualTo(1);

        // Bedrock saw an ordinary tool, and on the second call the model's tool_use and our tool_result
        List<RecordedRequest> calls = gateway.emulator.requests();
        assertThat(calls).hasSize(2).allSatisfy(c -> assertThat(c.operation()).isEqualTo("invoke-with-response-stream"));
        JsonNode declared = calls.get(0).body().path("tools").get(0);
        assertThat(declared.has("type")).isFalse();
        assertThat(declared.path("name").asString()).isEqualTo("web_search");
        assertThat(declared.path("input_schema").path("required").toString()).isEqualTo("[\"query\"]");
        JsonNode fedBack = calls.get(1).body().path("messages");
        assertThat(fedBack).hasSize(3);
        assertThat(fedBack.get(1).path("content").get(1).path("type").asString()).isEqualTo("tool_use");
        JsonNode toolResult = fedBack.get(2).path("content").get(0);
        assertThat(toolResult.path("type").asString()).isEqualTo("tool_result");
        assertThat(toolResult.path("tool_use_id").asString()).isEqualTo(fedBack.get(1).path("content").get(1).path("id").asString());
        assertThat(toolResult.path("content").get(0).path("text").asString()).contains("【1】 Anthropic Claude Messages API - Amazon Bedrock")
                .contains("URL: https://blog.example.org/2025/07/claude-code-gateway?ref=ddg&x=1").contains("Published: April 30, 2025");

        // usage is the sum of both calls, and the ledger bills the search at the list price
        long input = calls.stream().mapToLong(WebSearchGatewayTest::inputTokensOf).sum();
        assertThat(delta.path("usage").path("input_tokens").asLong()).isEqualTo(input);
        Map<String, Object> row = ledgerRow(r.headers().firstValue("request-id").orElseThrow());
        assertThat(((Number) row.get("web_search_requests")).intValue()).isEqualTo(1);
        assertThat(((Number) row.get("input_tokens")).longValue()).isEqualTo(input);
        assertThat(((Number) row.get("output_tokens")).longValue()).isEqualTo(delta.path("usage").path("output_tokens").asLong());
        AppliedPrice price = gateway.gateway.getBean(PriceBook.class).priceFor(MODEL, "4.5", "us.anthropic." + MODEL + "-v1:0");
        long tokensOnly = CostCalculator.costMicros(price, num(row, "input_tokens"), num(row, "output_tokens"),
                num(row, "cache_read_tokens"), num(row, "cache_write_5m_tokens"), num(row, "cache_write_1h_tokens"), 0);
        assertThat(num(row, "cost_micros")).isEqualTo(tokensOnly + 10_000);

        String metrics = http.send(HttpRequest.newBuilder(gateway.base.resolve("/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("ccag_websearch_searches_total\\{outcome=\"ok\",provider=\"duckduckgo\"\\} [1-9]")
                .contains("ccag_websearch_latency_seconds_count{provider=\"duckduckgo\"}");
    }

    @Test
    void aSlowSearchIsBridgedWithPingsAndATimeoutIsAnUnavailableBlock() throws Exception {
        ddg.answer(new ProviderDouble.Answer(200, "text/html", ProviderDouble.resource("duckduckgo-results.html"), 3000));

        HttpResponse<String> r = post(body(true, SEARCH, SEARCH_TOOL));

        assertThat(r.statusCode()).isEqualTo(200);
        List<Event> events = sse(r.body());
        assertWellFormed(events);
        int useStop = indexOf(events, e -> e.type.equals("content_block_stop") && e.json.path("index").asInt() == 1);
        int resultStart = indexOf(events, e -> e.type.equals("content_block_start") && e.json.path("index").asInt() == 2);
        assertThat(events.subList(useStop, resultStart)).anyMatch(e -> e.type.equals("ping"));
        JsonNode result = events.get(resultStart).block();
        assertThat(result.path("content").path("type").asString()).isEqualTo("web_search_tool_result_error");
        assertThat(result.path("content").path("error_code").asString()).isEqualTo("unavailable");
        JsonNode delta = single(events, "message_delta").json;
        assertThat(delta.path("delta").path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(delta.path("usage").path("server_tool_use").path("web_search_requests").asInt()).isZero();
        // the model was told, and answered without results
        assertThat(allText(events)).contains("Web search error: unavailable");
        assertThat(ledgerRow(r.headers().firstValue("request-id").orElseThrow()).get("web_search_requests")).isEqualTo(0);
    }

    @Test
    void providerErrorsBecomeErrorBlocksNotFailedTurns() throws Exception {
        ddg.answer(503, "text/html", "<html>down</html>");
        JsonNode message = JSON.readTree(post(body(false, SEARCH, SEARCH_TOOL)).body());
        assertThat(types(message)).containsExactly("text", "server_tool_use", "web_search_tool_result", "text");
        assertThat(message.path("content").get(2).path("content").path("error_code").asString()).isEqualTo("unavailable");
        assertThat(message.path("stop_reason").asString()).isEqualTo("end_turn");

        ddg.answer(200, "text/html", ProviderDouble.resource("duckduckgo-anomaly.html"));
        message = JSON.readTree(post(body(false, SEARCH, SEARCH_TOOL)).body());
        assertThat(message.path("content").get(2).path("content").path("error_code").asString()).isEqualTo("too_many_requests");
    }

    @Test
    void bedrockFailingAfterTheSearchEndsTheStreamWithAnErrorEvent() throws Exception {
        // the search result leads the "model" into a mid-stream failure on the second call
        ddg.answer(200, "text/html", page("https://a.example.com/", "A", "[[emu:text partial answer]] [[emu:midstream internal]]"));

        HttpResponse<String> r = post(body(true, SEARCH, SEARCH_TOOL));

        assertThat(r.statusCode()).isEqualTo(200);
        List<Event> events = sse(r.body()).stream().filter(e -> !e.type.equals("ping")).toList();
        assertThat(events.stream().filter(e -> e.type.equals("content_block_start")).map(e -> e.block().path("type").asString()).toList())
                .containsExactly("text", "server_tool_use", "web_search_tool_result", "text");
        assertThat(events.getLast().type).isEqualTo("error");
        assertThat(events.getLast().json.path("error").path("type").asString()).isEqualTo("api_error");
        assertThat(events).noneMatch(e -> e.type.equals("message_stop"));
        // the search that ran is still billed
        Map<String, Object> row = ledgerRow(r.headers().firstValue("request-id").orElseThrow());
        assertThat(num(row, "web_search_requests")).isEqualTo(1);

        // without a stream nothing was sent yet: the client gets the error as its response
        HttpResponse<String> plain = post(body(false, SEARCH, SEARCH_TOOL));
        assertThat(plain.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(plain.body()).path("error").path("type").asString()).isEqualTo("api_error");
    }

    // ---- non-streaming ---------------------------------------------------------------------

    @Test
    void nonStreamedTurnHasTheSameBlocksInOneMessage() throws Exception {
        HttpResponse<String> r = post(body(false, SEARCH, SEARCH_TOOL));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode message = JSON.readTree(r.body());
        assertThat(message.path("type").asString()).isEqualTo("message");
        List<String> types = types(message);
        assertThat(types.subList(0, 3)).containsExactly("text", "server_tool_use", "web_search_tool_result");
        assertThat(types.subList(3, types.size())).isNotEmpty().allMatch(t -> t.equals("text"));
        JsonNode use = message.path("content").get(1);
        assertThat(use.path("input").path("query").asString()).isEqualTo("bedrock claude gateway");
        assertThat(message.path("content").get(2).path("tool_use_id").asString()).isEqualTo(use.path("id").asString());
        assertThat(message.path("content").get(2).path("content")).hasSize(3);
        List<JsonNode> cited = new ArrayList<>();
        message.path("content").forEach(b -> b.path("citations").forEach(cited::add));
        assertThat(cited).isNotEmpty().allMatch(c -> c.path("type").asString().equals("web_search_result_location"));
        assertThat(message.path("usage").path("server_tool_use").path("web_search_requests").asInt()).isEqualTo(1);
        assertThat(message.path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(r.body()).doesNotContain("amazon-bedrock");
    }

    // ---- domain filters, max_uses, validation --------------------------------------------

    @Test
    void allowedDomainsNarrowTheSearchAndFilterTheResults() throws Exception {
        String tool = "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"allowed_domains\":[\"example.org\"]}";
        JsonNode message = JSON.readTree(post(body(false, SEARCH, tool)).body());

        assertThat(URLDecoder.decode(ddg.last().body(), StandardCharsets.UTF_8)).startsWith("q=bedrock claude gateway site:example.org&");
        JsonNode results = message.path("content").get(2).path("content");
        // the double answers as if the operator were ignored; the subdomain blog.example.org is kept, the rest dropped
        assertThat(results).hasSize(1);
        assertThat(results.get(0).path("url").asString()).startsWith("https://blog.example.org/");
    }

    @Test
    void blockedDomainsAreRemovedWithTheirSubdomains() throws Exception {
        String tool = "{\"type\":\"web_search_20260209\",\"name\":\"web_search\",\"blocked_domains\":[\"aws.example.com\"],"
                + "\"user_location\":{\"type\":\"approximate\",\"city\":\"London\",\"country\":\"GB\"}}";
        JsonNode message = JSON.readTree(post(body(false, SEARCH, tool)).body());

        assertThat(URLDecoder.decode(ddg.last().body(), StandardCharsets.UTF_8)).isEqualTo("q=bedrock claude gateway -site:aws.example.com&b=&kl=uk-en");
        List<String> urls = new ArrayList<>();
        message.path("content").get(2).path("content").forEach(x -> urls.add(x.path("url").asString()));
        assertThat(urls).hasSize(2).noneMatch(u -> u.contains("aws.example.com"));
    }

    @Test
    void bothDomainListsAreAnInvalidRequest() throws Exception {
        String tool = "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"allowed_domains\":[\"a.com\"],\"blocked_domains\":[\"b.com\"]}";
        HttpResponse<String> r = post(body(true, SEARCH, tool));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("message").asString()).isEqualTo("tools.0: allowed_domains and blocked_domains cannot be used together");
        assertThat(gateway.emulator.requests()).isEmpty();
        assertThat(ddg.received()).isEmpty();
    }

    @Test
    void searchesBeyondMaxUsesGetTheMaxUsesExceededBlock() throws Exception {
        String tool = "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":1}";
        String prompt = "[[emu:tool web_search {\\\"query\\\":\\\"first\\\"}]] [[emu:tool web_search {\\\"query\\\":\\\"second\\\"}]]";

        HttpResponse<String> r = post(body(true, prompt, tool));

        List<Event> events = sse(r.body());
        assertWellFormed(events);
        List<ObjectNode> starts = events.stream().filter(e -> e.type.equals("content_block_start")).map(Event::block).toList();
        assertThat(starts.subList(0, 5)).extracting(b -> b.path("type").asString())
                .containsExactly("text", "server_tool_use", "web_search_tool_result", "server_tool_use", "web_search_tool_result");
        assertThat(starts.get(2).path("content")).hasSize(3);
        assertThat(starts.get(4).path("content").path("error_code").asString()).isEqualTo("max_uses_exceeded");
        assertThat(starts.get(4).path("tool_use_id").asString()).isEqualTo(starts.get(3).path("id").asString());
        assertThat(ddg.received()).hasSize(1);
        assertThat(single(events, "message_delta").json.path("usage").path("server_tool_use").path("web_search_requests").asInt()).isEqualTo(1);
        // both calls were answered to the model; the refused one as an error
        JsonNode results = gateway.emulator.requests().get(1).body().path("messages").get(2).path("content");
        assertThat(results).hasSize(2);
        assertThat(results.get(1).path("is_error").asBoolean()).isTrue();
        assertThat(results.get(1).path("content").get(0).path("text").asString()).startsWith("Web search error: max_uses_exceeded");
    }

    @Test
    void theIterationCapEndsTheTurnWithPauseTurn() throws Exception {
        // every result page asks the "model" to search again
        ddg.answer(200, "text/html", page("https://loop.example.com/", "Loop", "[[emu:tool web_search {\"query\":\"again\"}]]"));

        // forced to search, as Claude Code's WebSearch request is
        ObjectNode forced = (ObjectNode) JSON.readTree(body(false, SEARCH, SEARCH_TOOL));
        forced.putObject("tool_choice").put("type", "tool").put("name", "web_search");
        JsonNode message = JSON.readTree(post(forced.toString()).body());

        assertThat(message.path("stop_reason").asString()).isEqualTo("pause_turn");
        assertThat(gateway.emulator.requests()).hasSize(3); // ccag.websearch.max-iterations=3
        assertThat(message.path("usage").path("server_tool_use").path("web_search_requests").asInt()).isEqualTo(3);
        assertThat(types(message)).containsSubsequence("server_tool_use", "web_search_tool_result", "server_tool_use",
                "web_search_tool_result", "server_tool_use", "web_search_tool_result");
        // after the first call the forced choice is relaxed (a forced tool would search for ever)
        assertThat(gateway.emulator.requests().get(0).body().path("tool_choice").path("type").asString()).isEqualTo("tool");
        assertThat(gateway.emulator.requests().get(1).body().path("tool_choice").path("type").asString()).isEqualTo("auto");
        assertThat(gateway.emulator.requests().get(2).body().path("tool_choice").path("type").asString()).isEqualTo("auto");
    }

    // ---- tool-using turns and history --------------------------------------------------------

    @Test
    void aClientToolInTheSameResponseEndsTheLoopAndTheNextTurnCarriesTheSearchHistory() throws Exception {
        String prompt = SEARCH + " [[emu:bash echo after-search]]";
        HttpResponse<String> r = post(body(false, prompt, BASH_TOOL + "," + SEARCH_TOOL));

        JsonNode message = JSON.readTree(r.body());
        assertThat(types(message)).containsExactly("text", "server_tool_use", "web_search_tool_result", "tool_use");
        assertThat(message.path("stop_reason").asString()).isEqualTo("tool_use");
        JsonNode bash = message.path("content").get(3);
        assertThat(bash.path("name").asString()).isEqualTo("Bash");
        assertThat(gateway.emulator.requests()).hasSize(1);

        // the client runs Bash and sends the whole turn back, search blocks and citations included
        ObjectNode next = (ObjectNode) JSON.readTree(body(false, prompt, BASH_TOOL + "," + SEARCH_TOOL));
        ArrayNode messages = (ArrayNode) next.get("messages");
        messages.addObject().put("role", "assistant").set("content", message.path("content"));
        ObjectNode result = messages.addObject().put("role", "user").putArray("content").addObject();
        result.put("type", "tool_result").put("tool_use_id", bash.path("id").asString()).put("content", "after-search");
        HttpResponse<String> second = post(next.toString());

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).path("content").get(0).path("text").asString()).isEqualTo("Tool result received: after-search");
        JsonNode sent = gateway.emulator.lastRequest().body().path("messages").get(1).path("content");
        assertThat(sent.toString()).doesNotContain("server_tool_use").doesNotContain("web_search_tool_result")
                .contains("[web_search: searched the web for \\\"bedrock claude gateway\\\"]")
                .contains("Anthropic Claude Messages API - Amazon Bedrock (https://docs.aws.example.com/");
    }

    @Test
    void aSearchResultThatLeadsToAClientToolStopsTheLoopWithToolUse() throws Exception {
        ddg.answer(200, "text/html", page("https://ops.example.com/runbook", "Runbook", "Run [[emu:bash echo from-runbook]] to check."));

        HttpResponse<String> r = post(body(true, SEARCH, BASH_TOOL + "," + SEARCH_TOOL));

        List<Event> events = sse(r.body());
        assertWellFormed(events);
        assertThat(events.stream().filter(e -> e.type.equals("content_block_start")).map(e -> e.block().path("type").asString()).toList())
                .containsExactly("text", "server_tool_use", "web_search_tool_result", "text", "tool_use");
        ObjectNode bash = events.stream().filter(e -> e.type.equals("content_block_start")).map(Event::block).toList().get(4);
        assertThat(bash.path("name").asString()).isEqualTo("Bash");
        assertThat(JSON.readTree(joinDeltas(events, 4, "input_json_delta", "partial_json")).path("command").asString()).isEqualTo("echo from-runbook");
        assertThat(single(events, "message_delta").json.path("delta").path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(gateway.emulator.requests()).hasSize(2);
    }

    @Test
    void historyWithSearchBlocksIsTranslatedEvenWithoutTheTool() throws Exception {
        String history = """
                {"model":"%s","max_tokens":256,"messages":[
                  {"role":"user","content":"what is new?"},
                  {"role":"assistant","content":[
                    {"type":"server_tool_use","id":"srvtoolu_01abc","name":"web_search","input":{"query":"news"}},
                    {"type":"web_search_tool_result","tool_use_id":"srvtoolu_01abc","content":[{"type":"web_search_result","url":"https://a.example/","title":"A","encrypted_content":"Eqx","page_age":null}]},
                    {"type":"text","text":"A is new.","citations":[{"type":"web_search_result_location","url":"https://a.example/","title":"A","encrypted_index":"Eo","cited_text":"new"}]}]},
                  {"role":"user","content":"[[emu:text OK-HISTORY]]"}]}""".formatted(MODEL);
        HttpResponse<String> r = post(history);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("content").get(0).path("text").asString()).isEqualTo("OK-HISTORY");
        assertThat(gateway.emulator.lastRequest().operation()).isEqualTo("invoke");
    }

    @Test
    void countTokensSeesTheDeclaredTool() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(gateway.base.resolve("/v1/messages/count_tokens"))
                .header("content-type", "application/json").header("x-api-key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"tools\":[" + SEARCH_TOOL + "]}")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode inner = JSON.readTree(java.util.Base64.getDecoder().decode(
                gateway.emulator.lastRequest().body().path("input").path("invokeModel").path("body").asString()));
        assertThat(inner.path("tools").get(0).path("name").asString()).isEqualTo("web_search");
        assertThat(inner.path("tools").get(0).has("type")).isFalse();
    }

    // ---- helpers -----------------------------------------------------------------------------

    record Event(String type, JsonNode json) {
        ObjectNode block() {
            return (ObjectNode) json.path("content_block");
        }
    }

    static String body(boolean stream, String prompt, String tools) {
        return """
                {"model":"%s","max_tokens":1024,"stream":%s,"tools":[%s],"messages":[{"role":"user","content":"%s"}]}"""
                .formatted(MODEL, stream, tools, prompt);
    }

    /** A DuckDuckGo page with one result whose snippet is {@code snippet}. */
    static String page(String url, String title, String snippet) {
        String uddg = java.net.URLEncoder.encode(url, StandardCharsets.UTF_8);
        return """
                <html><body><div class="results">
                <div class="result results_links results_links_deep web-result "><div class="links_main links_deep result__body">
                <h2 class="result__title"><a rel="nofollow" class="result__a" href="//duckduckgo.com/l/?uddg=%s&amp;rut=1">%s</a></h2>
                <a class="result__snippet" href="//duckduckgo.com/l/?uddg=%s&amp;rut=1">%s</a>
                </div></div></div></body></html>""".formatted(uddg, title, uddg, snippet.replace("&", "&amp;").replace("<", "&lt;"));
    }

    static HttpResponse<String> post(String json) throws Exception {
        return send(HttpRequest.newBuilder(gateway.base.resolve("/v1/messages?beta=true"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01").header("x-api-key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<Event> sse(String body) {
        List<Event> events = new ArrayList<>();
        for (String chunk : body.split("\n\n")) {
            if (chunk.isBlank()) continue;
            String type = null, data = null;
            for (String line : chunk.split("\n")) {
                if (line.startsWith("event: ")) type = line.substring(7);
                if (line.startsWith("data: ")) data = line.substring(6);
            }
            assertThat(type).as("every event has an event: line: " + chunk).isNotNull();
            events.add(new Event(type, JSON.readTree(data)));
        }
        return events;
    }

    /**
     * One message_start first, one message_stop last, blocks opened at 0, 1, 2, ... in order, each
     * delta and stop naming the open block, every block stopped before the next starts.
     */
    static void assertWellFormed(List<Event> events) {
        List<Event> real = events.stream().filter(e -> !e.type.equals("ping")).toList();
        assertThat(real.getFirst().type).isEqualTo("message_start");
        assertThat(real.getLast().type).isEqualTo("message_stop");
        assertThat(real.stream().filter(e -> e.type.equals("message_start"))).hasSize(1);
        assertThat(real.stream().filter(e -> e.type.equals("message_stop"))).hasSize(1);
        assertThat(real.get(real.size() - 2).type).isEqualTo("message_delta");
        int expected = 0;
        Integer open = null;
        Set<Integer> seen = new HashSet<>();
        for (Event e : real) {
            assertThat(e.json.path("type").asString()).isEqualTo(e.type);
            switch (e.type) {
                case "content_block_start" -> {
                    assertThat(open).as("a block starts while another is open").isNull();
                    assertThat(e.json.path("index").asInt()).isEqualTo(expected++);
                    open = e.json.path("index").asInt();
                    assertThat(seen.add(open)).isTrue();
                }
                case "content_block_delta" -> assertThat(e.json.path("index").asInt()).isEqualTo(open);
                case "content_block_stop" -> {
                    assertThat(e.json.path("index").asInt()).isEqualTo(open);
                    open = null;
                }
                default -> { }
            }
        }
        assertThat(open).isNull();
        assertThat(events).noneMatch(e -> e.json.toString().contains("amazon-bedrock"));
    }

    static String joinDeltas(List<Event> events, int index, String deltaType, String field) {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            if (e.type.equals("content_block_delta") && e.json.path("index").asInt() == index
                    && e.json.path("delta").path("type").asString().equals(deltaType)) {
                sb.append(e.json.path("delta").path(field).asString());
            }
        }
        return sb.toString();
    }

    static String allText(List<Event> events) {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            if (e.type.equals("content_block_delta") && e.json.path("delta").path("type").asString().equals("text_delta")) {
                sb.append(e.json.path("delta").path("text").asString());
            }
        }
        return sb.toString();
    }

    static Event single(List<Event> events, String type) {
        List<Event> found = events.stream().filter(e -> e.type.equals(type)).toList();
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    static int indexOf(List<Event> events, java.util.function.Predicate<Event> p) {
        for (int i = 0; i < events.size(); i++) if (p.test(events.get(i))) return i;
        throw new AssertionError("no such event");
    }

    static List<String> types(JsonNode message) {
        List<String> types = new ArrayList<>();
        message.path("content").forEach(b -> types.add(b.path("type").asString()));
        return types;
    }

    static long inputTokensOf(RecordedRequest request) {
        // the emulator's estimate: UTF-8 bytes of tools + system + messages / 4, computed the same way here
        return dev.ccag.emulator.BedrockEmulator.inputTokens(request.body());
    }

    static long num(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }

    static Map<String, Object> ledgerRow(String requestId) throws InterruptedException {
        JdbcClient db = JdbcClient.create(gateway.gateway.getBean(DataSource.class));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var rows = db.sql("select * from usage_records where request_id = ?").param(requestId).query().listOfRows();
            if (!rows.isEmpty()) return rows.getFirst();
            Thread.sleep(20);
        }
        throw new AssertionError("no usage record for " + requestId);
    }
}
