package dev.ccag.gateway.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A prices YAML file (the shape of ccag/prices.yaml). Errors name the offending entry, so a
 * mistyped operator file stops start-up with a message instead of mispricing requests.
 */
public record PriceFile(List<PriceEntry> entries, Long webSearch, Uplift uplift, String fallbackModel) {

    public static PriceFile read(InputStream in, String name) throws IOException {
        return read(in, name, null);
    }

    /**
     * @param webSearchOverride the deployment's price per search ({@code ccag.pricing.web-search}): replaces the
     *                          file's top-level {@code web_search}; an entry's own {@code web_search} still wins
     */
    public static PriceFile read(InputStream in, String name, Long webSearchOverride) throws IOException {
        JsonNode root = new YAMLMapper().readTree(in);
        if (root == null || root.isMissingNode() || root.isNull()) return new PriceFile(List.of(), webSearchOverride, null, null);
        Long webSearch = webSearchOverride != null ? webSearchOverride
                : root.hasNonNull("web_search") ? nonNegative(root.get("web_search"), name + ": web_search") : null;
        List<PriceEntry> entries = new ArrayList<>();
        JsonNode models = root.path("models");
        for (int i = 0; i < models.size(); i++) {
            JsonNode m = models.get(i);
            String where = name + ": models[" + i + "]";
            String model = m.path("model").asString(null);
            if (model == null) throw new IllegalArgumentException(where + ".model is required");
            long search = m.hasNonNull("web_search") ? nonNegative(m.get("web_search"), where + ".web_search")
                    : webSearch != null ? webSearch : 10_000L;
            Price price = new Price(required(m, "input", where), required(m, "output", where),
                    required(m, "cache_write_5m", where), required(m, "cache_write_1h", where),
                    required(m, "cache_read", where), search);
            try {
                entries.add(new PriceEntry(model, m.path("profile_prefix").asString(null), price));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        Uplift uplift = null;
        JsonNode u = root.get("uplift");
        if (u != null && u.isObject()) {
            Map<String, Integer> percents = new LinkedHashMap<>();
            u.path("percent_by_prefix").properties().forEach(e ->
                    percents.put(e.getKey(), (int) nonNegative(e.getValue(), name + ": uplift.percent_by_prefix." + e.getKey())));
            uplift = new Uplift(u.path("min_generation").asString(null), percents);
        }
        return new PriceFile(entries, webSearch, uplift, root.path("fallback_model").asString(null));
    }

    private static long required(JsonNode m, String field, String where) {
        if (!m.hasNonNull(field)) throw new IllegalArgumentException(where + "." + field + " is required (micro-dollars per million tokens)");
        return nonNegative(m.get(field), where + "." + field);
    }

    private static long nonNegative(JsonNode v, String where) {
        if (!v.isIntegralNumber() || v.asLong() < 0) {
            throw new IllegalArgumentException(where + " must be a non-negative integer (micro-dollars)");
        }
        return v.asLong();
    }
}
