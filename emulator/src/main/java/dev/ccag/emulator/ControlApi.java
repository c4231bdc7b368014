package dev.ccag.emulator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /_emulator/…}: steer and inspect the emulator from tests that cannot put directives into a
 * prompt. Not signed: it is a test tool's back door, never part of Bedrock's API.
 */
final class ControlApi {
    static final String PREFIX = "/_emulator/";

    private final EmulatorState state;

    ControlApi(EmulatorState state) {
        this.state = state;
    }

    void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String route = req.getMethod() + " " + req.getRequestURI().substring(PREFIX.length());
        try {
            switch (route) {
                case "GET health" -> reply(resp, 200, Json.MAPPER.createObjectNode().put("status", "UP")
                        .put("service", "ccag-bedrock-emulator").put("notice", "a test and demo tool, NOT Amazon Bedrock")
                        .put("abortedStreams", state.abortedStreams.get()));
                case "POST faults" -> {
                    JsonNode body = body(req);
                    String fault = body.path("fault").asString("");
                    int count = body.path("count").asInt(1);
                    state.faults.add(fault, count, body.path("midstream").asBoolean(false));
                    reply(resp, 200, Json.MAPPER.createObjectNode().put("queued", count).put("fault", fault));
                }
                case "POST reject-betas" -> {
                    JsonNode body = body(req);
                    if (!body.isArray()) throw new IllegalArgumentException("expected a JSON array of beta names");
                    List<String> betas = new ArrayList<>();
                    for (JsonNode b : body) betas.add(b.asString());
                    state.rejectBetas(betas);
                    ObjectNode out = Json.MAPPER.createObjectNode();
                    ArrayNode all = out.putArray("rejectedBetas");
                    state.rejectedBetas().stream().sorted().forEach(all::add);
                    reply(resp, 200, out);
                }
                case "DELETE state" -> {
                    state.reset();
                    resp.setStatus(204);
                }
                case "GET requests" -> reply(resp, 200, requests(limit(req.getParameter("limit"))));
                default -> reply(resp, 404, message("No control endpoint " + route));
            }
        } catch (IllegalArgumentException | JacksonException e) {
            reply(resp, 400, message(e.getMessage()));
        }
    }

    private ArrayNode requests(int limit) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (RecordedRequest r : state.requests.last(limit)) {
            ObjectNode n = out.addObject();
            n.put("method", r.method()).put("path", r.rawPath()).put("modelId", r.modelId()).put("operation", r.operation());
            ObjectNode headers = n.putObject("headers");
            r.headers().forEach((name, values) -> {
                ArrayNode list = headers.putArray(name);
                values.forEach(list::add);
            });
            if (r.body() != null) n.set("body", r.body());
            else n.put("body", new String(r.rawBody(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static int limit(String value) {
        if (value == null) return Integer.MAX_VALUE;
        try {
            return Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number");
        }
    }

    private static JsonNode body(HttpServletRequest req) throws IOException {
        return Json.MAPPER.readTree(req.getInputStream().readAllBytes());
    }

    private static ObjectNode message(String text) {
        return Json.MAPPER.createObjectNode().put("message", text);
    }

    private static void reply(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        resp.setStatus(status);
        HttpIo.json(resp, null, Json.MAPPER.writeValueAsBytes(body));
    }
}
