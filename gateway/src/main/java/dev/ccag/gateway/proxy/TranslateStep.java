package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.InvalidRequestException;
import dev.ccag.gateway.bedrock.LearnedRejections;
import dev.ccag.gateway.bedrock.RequestTranslator;
import dev.ccag.gateway.observe.ProxyMetrics;
import java.util.ArrayList;
import java.util.List;

/** Rewrites the Anthropic request into the Bedrock body: betas into the body, fields Bedrock rejects removed. */
final class TranslateStep implements ProxyStep {
    private final RequestTranslator translator;
    private final LearnedRejections learned;
    private final ProxyMetrics metrics;

    TranslateStep(RequestTranslator translator, LearnedRejections learned, ProxyMetrics metrics) {
        this.translator = translator;
        this.learned = learned;
        this.metrics = metrics;
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws Exception {
        translate(exchange);
        exchange.json = null; // a tool loop's tree is done with; the bytes are the request from here on
        exchange.dropTape(); // a translation again (a field Bedrock refused) tokenises the body
        next.proceed(exchange);
    }

    /**
     * Translates the Anthropic bytes; again after Bedrock taught us to leave something out, or when a
     * tool loop set the next request. The bytes are always current: a step that changes the parsed
     * tree writes it back ({@link ToolLoopSupport#rewrite}).
     */
    void translate(ProxyExchange exchange) {
        byte[] json = exchange.body;
        List<String> betas = headerBetas(exchange);
        LearnedRejections.View view = learned.view(exchange.endpoint.name(), exchange.model.bedrockModelId());
        try {
            exchange.bedrockRequest = exchange.route == ProxyRoute.COUNT_TOKENS
                    ? translator.countTokens(json, betas, exchange.model, view)
                    : translator.messages(json, exchange.bodyTape, betas, exchange.model, view);
        } catch (InvalidRequestException e) {
            throw new ApiException(ApiError.invalidRequest(e.getMessage()));
        }
        for (String beta : exchange.bedrockRequest.droppedBetas()) {
            metrics.betaDropped(beta);
        }
    }

    private static List<String> headerBetas(ProxyExchange exchange) {
        List<String> values = exchange.request.headers("anthropic-beta");
        if (values.isEmpty()) {
            return List.of();
        }
        List<String> betas = new ArrayList<>(8);
        for (String value : values) {
            for (String b : value.split(",")) {
                String t = b.trim();
                if (!t.isEmpty()) betas.add(t);
            }
        }
        return betas;
    }
}
