package dev.ccag.gateway.bedrock;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an Anthropic Messages request into the Bedrock body for one model (PROTOCOL §9, §15):
 * betas move into {@code anthropic_beta}, fields Bedrock refuses are removed ({@link BodyRewriter}),
 * everything else is passed through byte for byte as the client sent it.
 */
public final class RequestTranslator {
    static final String CONTEXT_ONE_MILLION_BETA = "context-1m-2025-08-07";
    /** CountTokens must be given a max_tokens; with thinking it must exceed the thinking budget. */
    static final int COUNT_TOKENS_THINKING_MIN_MAX_TOKENS = 2048;
    private static final List<String> COUNT_TOKENS_FIELDS = List.of("system", "tools", "tool_choice", "thinking");

    private final BetaPolicy betas;
    private final ObjectMapper mapper;

    public RequestTranslator(BetaPolicy betas, ObjectMapper mapper) {
        this.betas = betas;
        this.mapper = mapper;
    }

    /**
     * @param body        the client's JSON bytes (not changed)
     * @param headerBetas the comma-split, trimmed {@code anthropic-beta} header values
     */
    public BedrockRequest messages(byte[] body, List<String> headerBetas, ResolvedModel model,
                                   LearnedRejections.View learned) throws InvalidRequestException {
        return messages(body, null, headerBetas, model, learned);
    }

    /** As above, reading the body's tokens from {@code tape} (recorded when it arrived; null for none). */
    public BedrockRequest messages(byte[] body, JsonTape tape, List<String> headerBetas, ResolvedModel model,
                                   LearnedRejections.View learned) throws InvalidRequestException {
        RemovedFields removed = new RemovedFields();
        BodyRewriter.Plan plan = BodyRewriter.plan(mapper, body, tape, model.spec().features(), learned.fieldPaths(), removed);
        BetaDecision decision = betas.decide(requestedBetas(plan.bodyBetas(), headerBetas, model), model, learned.betas(),
                plan.keepsContextManagement());
        return new BedrockRequest(plan.render(decision.forwarded()), decision.forwarded(), decision.dropped(), removed.toList());
    }

    /** The CountTokens envelope {@code {"input":{"invokeModel":{"body":"<base64 of the InvokeModel body>"}}}}. */
    public BedrockRequest countTokens(byte[] body, List<String> headerBetas, ResolvedModel model,
                                      LearnedRejections.View learned) throws InvalidRequestException {
        RemovedFields removed = new RemovedFields();
        BodyRewriter.Plan plan = BodyRewriter.plan(mapper, body, model.spec().features(), learned.fieldPaths(), removed);
        // context_management is not part of a token count, so its beta has nothing to accompany.
        BetaDecision decision = betas.decide(requestedBetas(plan.bodyBetas(), headerBetas, model), model, learned.betas(), false);
        ObjectNode sanitized = (ObjectNode) mapper.readTree(plan.render(List.of()));

        ObjectNode inner = mapper.createObjectNode();
        inner.put("anthropic_version", BodyRewriter.ANTHROPIC_VERSION);
        putBetas(inner, decision);
        inner.put("max_tokens", countMaxTokens(sanitized.get("thinking")));
        JsonNode messages = sanitized.get("messages");
        inner.set("messages", messages instanceof ArrayNode a && !a.isEmpty() ? messages : placeholderMessages());
        for (String name : COUNT_TOKENS_FIELDS) {
            JsonNode value = sanitized.get(name);
            if (value != null) inner.set(name, value);
        }
        for (String name : sanitized.propertyNames()) {
            if (!inner.has(name)) removed.add(name);
        }

        ObjectNode envelope = mapper.createObjectNode();
        envelope.putObject("input").putObject("invokeModel")
                .put("body", Base64.getEncoder().encodeToString(mapper.writeValueAsBytes(inner)));
        return new BedrockRequest(mapper.writeValueAsBytes(envelope), decision.forwarded(), decision.dropped(), removed.toList());
    }

    /** Header betas, then body {@code betas} / {@code anthropic_beta}, then the 1M beta a {@code [1m]} suffix asks for. */
    private static List<String> requestedBetas(List<String> bodyBetas, List<String> headerBetas, ResolvedModel model) {
        if (bodyBetas.isEmpty() && !model.contextOneMillion()) return headerBetas;
        List<String> all = new ArrayList<>(headerBetas.size() + bodyBetas.size() + 1);
        all.addAll(headerBetas);
        all.addAll(bodyBetas);
        if (model.contextOneMillion()) all.add(CONTEXT_ONE_MILLION_BETA);
        return all;
    }

    private static void putBetas(ObjectNode out, BetaDecision decision) {
        if (decision.forwarded().isEmpty()) return;
        ArrayNode array = out.putArray("anthropic_beta");
        for (String beta : decision.forwarded()) array.add(beta);
    }

    /** 1 without thinking; with thinking above the budget and at least {@value #COUNT_TOKENS_THINKING_MIN_MAX_TOKENS}. */
    static int countMaxTokens(JsonNode thinking) {
        if (thinking == null) return 1;
        String type = thinking.path("type").asString("");
        if (type.equals("enabled")) {
            long budget = thinking.path("budget_tokens").asLong(0);
            return (int) Math.min(Integer.MAX_VALUE, Math.max(budget + 1, COUNT_TOKENS_THINKING_MIN_MAX_TOKENS));
        }
        // Adaptive thinking has no budget; give it the same room as the smallest enabled budget.
        return type.equals("adaptive") ? COUNT_TOKENS_THINKING_MIN_MAX_TOKENS : 1;
    }

    private ArrayNode placeholderMessages() {
        ArrayNode messages = mapper.createArrayNode();
        messages.addObject().put("role", "user").put("content", "foo");
        return messages;
    }
}
