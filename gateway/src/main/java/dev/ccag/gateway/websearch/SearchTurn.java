package dev.ccag.gateway.websearch;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.BedrockErrorMapper;
import dev.ccag.gateway.bedrock.BedrockOperation;
import dev.ccag.gateway.bedrock.BedrockStreamEvent;
import dev.ccag.gateway.bedrock.EventStreamDecoder;
import dev.ccag.gateway.bedrock.UpstreamResponse;
import dev.ccag.gateway.proxy.ApiException;
import dev.ccag.gateway.proxy.ProxyExchange;
import dev.ccag.gateway.proxy.ToolLoopSupport;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client turn with the web search tool: calls Bedrock, relays the model's blocks as they
 * stream (renumbered into one increasing index across every call), turns each call of the search
 * tool into {@code server_tool_use} + {@code web_search_tool_result}, feeds the results back and
 * calls again, until the model answers, calls a client tool, or the iteration cap is reached
 * ({@code pause_turn}). The client sees one {@code message_start} and one {@code message_stop}.
 */
final class SearchTurn {
    private static final Logger log = LoggerFactory.getLogger(SearchTurn.class);
    private static final int READ_BUFFER = 16 * 1024;
    private static final char[] ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final ToolLoopSupport support;
    private final ObjectMapper mapper;
    private final WebSearcher searcher;
    private final SearchBlocks blocks;
    private final BedrockErrorMapper errorMapper;
    private final int maxIterations;
    private final ProxyExchange exchange;
    private final WebSearchTool tool;
    private final ObjectNode request;

    private ClientSink sink;
    private int nextIndex;
    private boolean started;
    private int attempts;
    private long billedSearches;
    private final List<SearchResult> sources = new ArrayList<>();
    private final TokenTotals totals = new TokenTotals();

    SearchTurn(ToolLoopSupport support, ObjectMapper mapper, WebSearcher searcher, BedrockErrorMapper errorMapper,
            int maxIterations, ProxyExchange exchange, WebSearchTool tool, ObjectNode request) {
        this.support = support;
        this.mapper = mapper;
        this.searcher = searcher;
        this.blocks = new SearchBlocks(mapper);
        this.errorMapper = errorMapper;
        this.maxIterations = maxIterations;
        this.exchange = exchange;
        this.tool = tool;
        this.request = request;
    }

    void run() throws IOException {
        try {
            loop();
        } finally {
            if (sink != null) sink.close();
        }
    }

    private void loop() throws IOException {
        ArrayNode messages = (ArrayNode) request.get("messages");
        for (int iteration = 1; ; iteration++) {
            if (iteration == 2) relaxToolChoice();
            support.prepare(exchange, mapper.writeValueAsBytes(request));
            UpstreamResponse upstream;
            try {
                upstream = support.call(exchange, BedrockOperation.INVOKE_STREAM);
            } catch (ApiException e) {
                if (sink == null) throw e; // nothing sent yet: an ordinary error response
                sink.fail(e.error());
                return;
            }
            if (sink == null) {
                sink = exchange.stream() ? new ClientSink.Stream(mapper, support.openStream(exchange))
                        : new ClientSink.Json(mapper, support, exchange);
            }
            Call call = new Call();
            boolean completed;
            try {
                sink.upstream(upstream);
                completed = relay(upstream, call);
            } finally {
                sink.upstream(null);
                upstream.close();
                support.upstreamEnded(exchange);
                totals.add(call.usage);
                publishUsage();
            }
            if (!completed) return;
            if (call.searches > 0 && !call.clientTool && "tool_use".equals(call.stopReason)) {
                if (iteration >= maxIterations) {
                    // Anthropic's own server loop ends the same way: the client may send the turn again to go on.
                    finish("pause_turn", null);
                    return;
                }
                messages.addObject().put("role", "assistant").set("content", call.upstreamContent.content());
                messages.addObject().put("role", "user").set("content", call.toolResults);
                continue;
            }
            finish(call.stopReason, call.stopSequence);
            return;
        }
    }

    /** Reads one call's event stream; false when the turn ended early (error sent, or client gone). */
    private boolean relay(UpstreamResponse upstream, Call call) throws IOException {
        EventStreamDecoder decoder = new EventStreamDecoder();
        byte[] buffer = new byte[READ_BUFFER];
        ApiError failure = null;
        try (InputStream in = upstream.body()) {
            int n;
            read:
            while ((n = in.read(buffer)) != -1) {
                for (BedrockStreamEvent event : decoder.feed(buffer, 0, n)) {
                    support.upstreamEvent(exchange);
                    if (event instanceof BedrockStreamEvent.Chunk chunk) {
                        if (call.on((ObjectNode) mapper.readTree(chunk.json()))) {
                            sink.flush();
                            return true;
                        }
                    } else if (event instanceof BedrockStreamEvent.StreamException ex) {
                        log.warn("request {}: Bedrock {} mid-stream {} during web search turn: {}", exchange.requestId(),
                                exchange.endpoint().name(), ex.exceptionType(), ex.message());
                        failure = errorMapper.fromStreamException(ex.exceptionType(), ex.message());
                        break read;
                    }
                }
                sink.flush();
            }
            if (failure == null) {
                log.warn("request {}: Bedrock stream ended without message_stop during web search turn", exchange.requestId());
                failure = ApiError.api("The upstream stream ended unexpectedly");
            }
        } catch (IOException | JacksonException | ClassCastException e) {
            if (sink.broken()) {
                support.clientAborted(exchange); // what was streamed is billed
                upstream.abort();
                return false;
            }
            log.warn("request {}: Bedrock stream broke during web search turn: {}", exchange.requestId(), e.toString());
            failure = ApiError.api("The upstream stream ended unexpectedly");
        }
        upstream.abort();
        sink.fail(failure);
        return false;
    }

    private void finish(String stopReason, String stopSequence) throws IOException {
        ObjectNode delta = event("message_delta");
        ObjectNode d = delta.putObject("delta");
        d.put("stop_reason", stopReason);
        if (stopSequence != null) d.put("stop_sequence", stopSequence);
        else d.putNull("stop_sequence");
        delta.set("usage", totals.toJson(mapper, billedSearches));
        sink.event(delta);
        sink.event(event("message_stop"));
        sink.flush();
        sink.complete();
    }

    /** After the first call a forced choice (the search tool, or any tool) would make the model search for ever. */
    private void relaxToolChoice() {
        if (!(request.get("tool_choice") instanceof ObjectNode choice)) return;
        String type = choice.path("type").asString("");
        if (!type.equals("tool") && !type.equals("any")) return;
        ObjectNode auto = mapper.createObjectNode().put("type", "auto");
        if (choice.has("disable_parallel_tool_use")) auto.set("disable_parallel_tool_use", choice.get("disable_parallel_tool_use"));
        request.set("tool_choice", auto);
    }

    private void publishUsage() {
        support.usage(exchange, totals.input, totals.output, totals.cacheRead, totals.cacheWrite5m, totals.cacheWrite1h,
                billedSearches);
    }

    private ObjectNode event(String type) {
        return mapper.createObjectNode().put("type", type);
    }

    private static String serverToolId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder("srvtoolu_01");
        for (int i = 0; i < 22; i++) sb.append(ID_ALPHABET[r.nextInt(ID_ALPHABET.length)]);
        return sb.toString();
    }

    private enum Kind { PASS, SEARCH, TEXT }

    /** A block of the current call: where it goes in the client's content, and what it is. */
    private static final class Block {
        final Kind kind;
        int clientIndex;
        String toolUseId;
        String serverId;
        final StringBuilder input = new StringBuilder();
        CitationMarks marks;
        boolean cited;

        Block(Kind kind, int clientIndex) {
            this.kind = kind;
            this.clientIndex = clientIndex;
        }
    }

    /** The state of one upstream call. */
    private final class Call {
        final TokenTotals usage = new TokenTotals();
        final MessageAccumulator upstreamContent = new MessageAccumulator(mapper);
        final ArrayNode toolResults = mapper.createArrayNode();
        final Map<Integer, Block> open = new HashMap<>();
        int searches;
        boolean clientTool;
        String stopReason;
        String stopSequence;

        /** Handles one Anthropic event from Bedrock; true at {@code message_stop}. */
        boolean on(ObjectNode event) throws IOException {
            upstreamContent.apply(event);
            switch (event.path("type").asString("")) {
                case "message_start" -> {
                    JsonNode message = event.get("message");
                    if (message != null) usage.absorb(message.get("usage"));
                    if (!started) {
                        started = true;
                        stripBedrockKeys(event);
                        if (message instanceof ObjectNode m) stripBedrockKeys(m);
                        sink.event(event);
                    }
                }
                case "content_block_start" -> start(event.path("index").asInt(), event.path("content_block"));
                case "content_block_delta" -> delta(event.path("index").asInt(), event.path("delta"));
                case "content_block_stop" -> stop(event.path("index").asInt());
                case "message_delta" -> {
                    JsonNode d = event.path("delta");
                    if (d.path("stop_reason").isString()) stopReason = d.get("stop_reason").asString();
                    stopSequence = d.path("stop_sequence").isString() ? d.get("stop_sequence").asString() : null;
                    usage.absorb(event.get("usage"));
                }
                case "message_stop" -> {
                    return true;
                }
                default -> { } // ping: the heartbeats keep the client's stream alive
            }
            return false;
        }

        private void start(int index, JsonNode contentBlock) throws IOException {
            String type = contentBlock.path("type").asString("");
            Block block;
            if (type.equals("tool_use") && tool.name().equals(contentBlock.path("name").asString(""))) {
                block = new Block(Kind.SEARCH, nextIndex++);
                block.toolUseId = contentBlock.path("id").asString("");
                block.serverId = serverToolId();
                sink.event(blockStart(block.clientIndex, blocks.serverToolUse(block.serverId, tool.name())));
            } else {
                if (type.equals("tool_use")) clientTool = true;
                boolean citing = type.equals("text") && !sources.isEmpty();
                block = new Block(citing ? Kind.TEXT : Kind.PASS, nextIndex++);
                if (citing) block.marks = new CitationMarks(n -> n >= 1 && n <= sources.size());
                sink.event(blockStart(block.clientIndex, (ObjectNode) contentBlock.deepCopy()));
            }
            open.put(index, block);
        }

        private void delta(int index, JsonNode delta) throws IOException {
            Block block = open.get(index);
            if (block == null) return;
            String type = delta.path("type").asString("");
            if (block.kind == Kind.SEARCH && type.equals("input_json_delta")) {
                block.input.append(delta.path("partial_json").asString(""));
            } else if (block.kind == Kind.TEXT && type.equals("text_delta")) {
                for (CitationMarks.Piece piece : block.marks.feed(delta.path("text").asString(""))) emit(block, piece);
                return;
            }
            ObjectNode out = event("content_block_delta").put("index", block.clientIndex);
            out.set("delta", delta);
            sink.event(out);
        }

        private void stop(int index) throws IOException {
            Block block = open.remove(index);
            if (block == null) return;
            if (block.kind == Kind.TEXT) {
                for (CitationMarks.Piece piece : block.marks.finish()) emit(block, piece);
            }
            sink.event(event("content_block_stop").put("index", block.clientIndex));
            if (block.kind == Kind.SEARCH) search(block);
        }

        /**
         * A cited claim gets its own text block, as in Anthropic's answers: the citation goes on the
         * block holding the text before the mark, and text after it opens a new block.
         */
        private void emit(Block block, CitationMarks.Piece piece) throws IOException {
            switch (piece) {
                case CitationMarks.Piece.Text(String text) -> {
                    if (block.cited) {
                        sink.event(event("content_block_stop").put("index", block.clientIndex));
                        block.clientIndex = nextIndex++;
                        ObjectNode fresh = mapper.createObjectNode().put("type", "text").put("text", "");
                        sink.event(blockStart(block.clientIndex, fresh));
                        block.cited = false;
                    }
                    ObjectNode out = event("content_block_delta").put("index", block.clientIndex);
                    out.putObject("delta").put("type", "text_delta").put("text", text);
                    sink.event(out);
                }
                case CitationMarks.Piece.Cite(List<Integer> cited) -> {
                    for (int n : cited) {
                        ObjectNode out = event("content_block_delta").put("index", block.clientIndex);
                        out.putObject("delta").put("type", "citations_delta").set("citation", blocks.citation(n, sources.get(n - 1)));
                        sink.event(out);
                    }
                    block.cited = true;
                }
            }
        }

        /** Runs the search the model asked for (pings keep the stream alive) and sends its result block. */
        private void search(Block block) throws IOException {
            sink.flush();
            String query = query(block.input.toString());
            SearchOutcome outcome;
            if (tool.maxUses() != null && attempts >= tool.maxUses()) {
                outcome = searcher.refuseMaxUses(query, teamId());
            } else {
                outcome = searcher.search(query, tool, teamId(), exchange.requestId());
                if (outcome.providerCalled()) attempts++;
                if (outcome.ok()) billedSearches++;
            }
            int firstSource = sources.size() + 1;
            if (outcome.ok()) sources.addAll(outcome.results());
            int index = nextIndex++;
            sink.event(blockStart(index, blocks.result(block.serverId, outcome)));
            sink.event(event("content_block_stop").put("index", index));
            sink.flush();
            toolResults.add(blocks.toolResult(block.toolUseId, outcome, firstSource));
            searches++;
            publishUsage();
        }

        private String query(String input) {
            try {
                JsonNode parsed = mapper.readTree(input.isBlank() ? "{}" : input);
                JsonNode q = parsed.path("query");
                return q.isString() ? q.asString() : null;
            } catch (JacksonException e) {
                return null;
            }
        }

        private String teamId() {
            return exchange.principal() == null ? null : exchange.principal().teamId();
        }

        private ObjectNode blockStart(int index, ObjectNode contentBlock) {
            ObjectNode e = event("content_block_start").put("index", index);
            e.set("content_block", contentBlock);
            return e;
        }
    }

    private static void stripBedrockKeys(ObjectNode node) {
        List<String> extras = new ArrayList<>();
        for (String name : node.propertyNames()) {
            if (name.startsWith("amazon-bedrock-")) extras.add(name);
        }
        extras.forEach(node::remove);
    }
}
