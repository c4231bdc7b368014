package dev.ccag.emulator;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** InvokeModel, InvokeModelWithResponseStream and CountTokens, after authentication. */
final class ModelHandler {
    private final ModelResolver resolver;
    private final RequestValidator validator;
    private final ReplyPlanner planner;
    private final TokenEstimator tokens;
    private final EmulatorState state;

    ModelHandler(ModelResolver resolver, RequestValidator validator, ReplyPlanner planner, TokenEstimator tokens,
                 EmulatorState state) {
        this.resolver = resolver;
        this.validator = validator;
        this.planner = planner;
        this.tokens = tokens;
        this.state = state;
    }

    void handle(ModelPath path, JsonNode body, String requestId, long startNanos, HttpServletResponse resp)
            throws IOException, InterruptedException {
        ModelSpec model = resolver.resolve(path.modelId());
        if (path.operation() == ModelOperation.COUNT_TOKENS) {
            countTokens(body, model, requestId, resp);
            return;
        }
        if (body == null || !body.isObject()) throw BedrockException.validation(RequestValidator.MALFORMED);
        validator.validate(body, model, state.rejectedBetas());
        Reply reply = planner.plan(body);
        FaultQueue.QueuedFault queued = state.faults.poll();
        if (queued != null) reply = reply.withFault(queued.name(), queued.midstream());
        boolean stream = path.operation() == ModelOperation.INVOKE_STREAM;
        String initialFault = reply.fault() != null ? reply.fault() : stream ? null : reply.midstream();
        if (initialFault != null) {
            sleep(reply.slowMs());
            throw Faults.initial(initialFault);
        }

        Usage usage = tokens.meter(body, model.anthropicId()).withOutput(TokenEstimator.output(reply.blocks()));
        String id = Ids.message();
        if (stream) {
            resp.setStatus(200);
            resp.setHeader(HttpIo.REQUEST_ID, requestId);
            resp.setContentType("application/vnd.amazon.eventstream");
            resp.setHeader("X-Amzn-Bedrock-Content-Type", "application/json");
            // Bedrock confirms the stream at once and the model's first token comes later: a slow
            // stream is slow between the response headers and the first frame.
            if (reply.slowMs() > 0) {
                resp.flushBuffer();
                sleep(reply.slowMs());
            }
            new ReplyStreamer(new EventStreamWriter(resp.getOutputStream()), reply).stream(id, model.anthropicId(), usage, startNanos);
        } else {
            sleep(reply.slowMs());
            byte[] json = Json.MAPPER.writeValueAsBytes(MessageJson.message(id, model.anthropicId(), reply.blocks(), reply.stopReason(), usage));
            resp.setStatus(200);
            resp.setHeader("X-Amzn-Bedrock-Input-Token-Count", Long.toString(usage.inputTokens()));
            resp.setHeader("X-Amzn-Bedrock-Output-Token-Count", Long.toString(usage.outputTokens()));
            if (usage.cacheReadTokens() > 0) resp.setHeader("X-Amzn-Bedrock-Cache-Read-Input-Token-Count", Long.toString(usage.cacheReadTokens()));
            if (usage.cacheWriteTokens() > 0) resp.setHeader("X-Amzn-Bedrock-Cache-Write-Input-Token-Count", Long.toString(usage.cacheWriteTokens()));
            resp.setHeader("X-Amzn-Bedrock-Invocation-Latency", Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)));
            HttpIo.json(resp, requestId, json);
        }
    }

    private static void sleep(long ms) throws InterruptedException {
        if (ms > 0) TimeUnit.MILLISECONDS.sleep(ms);
    }

    /** {@code {"input":{"invokeModel":{"body":"<base64>"}}}} → {@code {"inputTokens":N}}; the inner body must be a valid InvokeModel body. */
    private void countTokens(JsonNode outer, ModelSpec model, String requestId, HttpServletResponse resp) throws IOException {
        if (outer == null || !outer.isObject()) throw BedrockException.validation(RequestValidator.MALFORMED);
        JsonNode encoded = outer.path("input").path("invokeModel").path("body");
        if (!encoded.isString()) {
            throw BedrockException.validation("The emulator's CountTokens accepts only input.invokeModel.body (a base64 InvokeModel body).");
        }
        byte[] inner;
        try {
            inner = Base64.getDecoder().decode(encoded.asString());
        } catch (IllegalArgumentException e) {
            throw BedrockException.validation(RequestValidator.MALFORMED);
        }
        JsonNode body = RequestValidator.parse(inner);
        validator.validate(body, model, state.rejectedBetas());
        byte[] json = Json.MAPPER.createObjectNode().put("inputTokens", tokens.count(body)).toString().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        HttpIo.json(resp, requestId, json);
    }
}
