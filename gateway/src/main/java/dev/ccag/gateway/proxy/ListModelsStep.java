package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import dev.ccag.gateway.bedrock.ModelCatalog;
import dev.ccag.gateway.bedrock.ModelSpec;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} in Anthropic's list shape, from the model
 * catalog, so Claude Code's gateway model discovery lists what this deployment serves.
 */
final class ListModelsStep implements ProxyStep {
    private final ModelCatalog catalog;
    private final ObjectMapper mapper;

    ListModelsStep(ModelCatalog catalog, ObjectMapper mapper) {
        this.catalog = catalog;
        this.mapper = mapper;
    }

    @Override
    public void handle(ProxyExchange exchange, Chain next) throws IOException {
        ObjectNode body;
        if (exchange.route == ProxyRoute.MODEL) {
            String uri = exchange.request.path();
            String id = java.net.URLDecoder.decode(uri.substring(uri.lastIndexOf('/') + 1), java.nio.charset.StandardCharsets.UTF_8);
            ModelSpec spec = catalog.byIdOrAlias(id).orElseThrow(() -> new ApiException(ApiError.notFound("model: " + id)));
            body = model(spec);
        } else {
            body = page(exchange);
        }
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.status = 200;
        exchange.response.send(200, "application/json", bytes);
    }

    private ObjectNode page(ProxyExchange exchange) {
        List<ModelSpec> models = catalog.models();
        int limit = intParam(exchange, "limit", 20, 1, 1000);
        String afterId = exchange.request.queryParameter("after_id");
        String beforeId = exchange.request.queryParameter("before_id");
        int from = 0;
        int to = models.size();
        if (afterId != null) {
            from = indexOf(models, afterId) + 1;
        }
        if (beforeId != null) {
            to = Math.max(0, indexOf(models, beforeId));
            from = Math.max(from, to - limit);
        }
        to = Math.min(to, from + limit);
        ObjectNode page = mapper.createObjectNode();
        ArrayNode data = page.putArray("data");
        for (int i = from; i < to; i++) {
            data.add(model(models.get(i)));
        }
        page.put("has_more", beforeId != null ? from > 0 : to < models.size());
        page.put("first_id", to > from ? models.get(from).id() : null);
        page.put("last_id", to > from ? models.get(to - 1).id() : null);
        return page;
    }

    private ObjectNode model(ModelSpec spec) {
        ObjectNode m = mapper.createObjectNode();
        m.put("type", "model");
        m.put("id", spec.id());
        m.put("display_name", spec.displayName());
        m.put("created_at", spec.createdAt());
        return m;
    }

    private static int indexOf(List<ModelSpec> models, String id) {
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i).id().equals(id)) return i;
        }
        throw new ApiException(ApiError.invalidRequest("unknown model id in cursor: " + id));
    }

    private static int intParam(ProxyExchange exchange, String name, int dflt, int min, int max) {
        String v = exchange.request.queryParameter(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new ApiException(ApiError.invalidRequest(name + ": must be an integer from " + min + " to " + max));
        }
    }
}
