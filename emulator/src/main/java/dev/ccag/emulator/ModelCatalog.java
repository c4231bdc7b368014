package dev.ccag.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The models of {@code emulator-models.yaml}: lookup by base model id, and the rule for newer ids. */
final class ModelCatalog {
    static final String RESOURCE = "/emulator-models.yaml";

    private final Map<String, ModelSpec> byBedrockId;
    private final Map<String, ModelSpec> byAnthropicId;
    private final ModelSpec newest;

    private ModelCatalog(Map<String, ModelSpec> byBedrockId, Map<String, ModelSpec> byAnthropicId, ModelSpec newest) {
        this.byBedrockId = Map.copyOf(byBedrockId);
        this.byAnthropicId = Map.copyOf(byAnthropicId);
        this.newest = newest;
    }

    static ModelCatalog load(Path file) {
        if (file == null) return builtIn();
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("emulator: cannot read models file " + file, e);
        }
    }

    static ModelCatalog builtIn() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("emulator: " + RESOURCE + " missing from the classpath");
            return parse(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModelCatalog parse(InputStream in, String source) {
        JsonNode root = new YAMLMapper().readTree(in);
        Map<String, Set<String>> betaSets = new HashMap<>();
        root.path("beta-sets").forEachEntry((name, list) -> betaSets.put(name, strings(list)));
        JsonNode defaults = root.path("defaults");
        Map<String, ModelSpec> byBedrockId = new HashMap<>();
        Map<String, ModelSpec> byAnthropicId = new HashMap<>();
        for (JsonNode m : root.path("models")) {
            String id = required(m, "id", source);
            String bedrockId = required(m, "bedrock-id", source);
            ModelSpec spec = spec(id, bedrockId, m, defaults, betaSets, source);
            byBedrockId.put(bedrockId, spec);
            byAnthropicId.put(id, spec);
        }
        JsonNode newestNode = root.path("newest");
        if (newestNode.isMissingNode()) throw new IllegalArgumentException(source + ": the 'newest' section is required");
        return new ModelCatalog(byBedrockId, byAnthropicId, spec(null, null, newestNode, defaults, betaSets, source));
    }

    private static ModelSpec spec(String id, String bedrockId, JsonNode m, JsonNode defaults,
                                  Map<String, Set<String>> betaSets, String source) {
        Set<String> betas = new LinkedHashSet<>();
        for (String set : strings(value(m, defaults, "betas"))) {
            Set<String> members = betaSets.get(set);
            if (members == null) throw new IllegalArgumentException(source + ": model " + id + " names unknown beta set '" + set + "'");
            betas.addAll(members);
        }
        return new ModelSpec(id, bedrockId, m.path("generation").asString("unknown"), Set.copyOf(betas),
                value(m, defaults, "cache-ttl").asBoolean(false), value(m, defaults, "output-config").asBoolean(false),
                SamplingRule.parse(value(m, defaults, "sampling").asString("free")),
                strings(value(m, defaults, "thinking")));
    }

    private static JsonNode value(JsonNode model, JsonNode defaults, String key) {
        return model.has(key) ? model.get(key) : defaults.path(key);
    }

    private static String required(JsonNode m, String key, String source) {
        String v = m.path(key).asString("");
        if (v.isBlank()) throw new IllegalArgumentException(source + ": a model entry lacks '" + key + "': " + m);
        return v;
    }

    private static Set<String> strings(JsonNode list) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : list) out.add(n.asString());
        return Set.copyOf(out);
    }

    /** The model whose base id (without profile prefix) this is, or null. */
    ModelSpec byBedrockId(String baseId) {
        return byBedrockId.get(baseId);
    }

    /** The table row for an Anthropic id, or null. */
    ModelSpec byAnthropicId(String anthropicId) {
        return byAnthropicId.get(anthropicId);
    }

    /** Whether the id is a table model's, or a prefix alias of one ({@code claude-sonnet-4-5} of {@code claude-sonnet-4-5-20250929}). */
    boolean isKnownModelOrAlias(String anthropicId) {
        if (byAnthropicId.containsKey(anthropicId)) return true;
        for (String id : byAnthropicId.keySet()) {
            if (id.startsWith(anthropicId + "-")) return true;
        }
        return false;
    }

    /** The newest generation's rules, reporting {@code anthropicId}. */
    ModelSpec newest(String anthropicId) {
        return newest.withAnthropicId(anthropicId);
    }
}
