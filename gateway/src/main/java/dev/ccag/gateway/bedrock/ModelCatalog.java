package dev.ccag.gateway.bedrock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The models the gateway knows, loaded once from {@code ccag/bedrock-models.yaml} plus an optional
 * operator file. Immutable after loading, so lookups need no locking.
 *
 * <p>Operator file semantics: a model with an existing id replaces it in place, a new id is listed
 * first (operators add models newer than the defaults); a generation replaces the one of the same
 * name or is appended (and then is the newest); {@code rule-based} keys replace the defaults' keys.
 */
public final class ModelCatalog {
    static final String DEFAULT_RESOURCE = "ccag/bedrock-models.yaml";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final List<ModelSpec> models;
    private final Map<String, ModelSpec> byIdOrAlias;
    private final Map<String, ModelSpec> byBedrockId;
    private final String newestGeneration;
    private final ModelFeatures newestFeatures;
    private final String ruleGeneration;
    private final ModelFeatures ruleFeatures;
    private final List<String> rulePrefixes;

    private ModelCatalog(List<ModelSpec> models, LinkedHashMap<String, ModelFeatures> generations,
                         String ruleGeneration, List<String> rulePrefixes) {
        this.models = List.copyOf(models);
        Map<String, ModelSpec> ids = new HashMap<>();
        Map<String, ModelSpec> bedrock = new HashMap<>();
        for (ModelSpec m : models) {
            putUnique(ids, m.id().toLowerCase(Locale.ROOT), m, "id");
            for (String alias : m.aliases()) {
                putUnique(ids, alias.toLowerCase(Locale.ROOT), m, "alias");
            }
            bedrock.put(m.bedrockId().toLowerCase(Locale.ROOT), m);
            // Profile ids are sometimes written without the version suffix; match those too.
            bedrock.putIfAbsent(withoutVersion(m.bedrockId().toLowerCase(Locale.ROOT)), m);
        }
        this.byIdOrAlias = Map.copyOf(ids);
        this.byBedrockId = Map.copyOf(bedrock);
        var last = generations.lastEntry();
        this.newestGeneration = last.getKey();
        this.newestFeatures = last.getValue();
        this.ruleGeneration = ruleGeneration;
        this.ruleFeatures = generations.get(ruleGeneration);
        this.rulePrefixes = List.copyOf(rulePrefixes);
    }

    public static ModelCatalog loadDefault() {
        try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return load(in, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the defaults and lays the operator's file over them; a malformed entry fails naming its key. */
    public static ModelCatalog load(InputStream defaults, @Nullable InputStream operatorOverrides) {
        JsonNode base = YAML.readTree(defaults);
        JsonNode over = operatorOverrides == null ? null : YAML.readTree(operatorOverrides);

        LinkedHashMap<String, JsonNode> generationNodes = new LinkedHashMap<>();
        collectGenerations(base, generationNodes);
        if (over != null) collectGenerations(over, generationNodes);
        if (generationNodes.isEmpty()) {
            throw new IllegalArgumentException("generations: at least one generation is required");
        }
        LinkedHashMap<String, ModelFeatures> generations = new LinkedHashMap<>();
        generationNodes.forEach((name, node) -> generations.put(name, features(node, null, "generations." + name)));

        String ruleGeneration = text(base.path("rule-based"), "generation", null);
        List<String> rulePrefixes = strings(base.path("rule-based").path("profile-prefixes"));
        if (over != null && over.has("rule-based")) {
            ruleGeneration = text(over.path("rule-based"), "generation", ruleGeneration);
            if (over.path("rule-based").has("profile-prefixes")) {
                rulePrefixes = strings(over.path("rule-based").path("profile-prefixes"));
            }
        }
        if (ruleGeneration == null) ruleGeneration = generations.lastEntry().getKey();
        if (!generations.containsKey(ruleGeneration)) {
            throw new IllegalArgumentException("rule-based.generation: unknown generation " + ruleGeneration);
        }

        List<ModelSpec> models = new ArrayList<>();
        JsonNode baseModels = base.path("models");
        for (int i = 0; i < baseModels.size(); i++) {
            models.add(model(baseModels.get(i), generations, "models[" + i + "]"));
        }
        if (over != null) {
            JsonNode overModels = over.path("models");
            int inserted = 0;
            for (int i = 0; i < overModels.size(); i++) {
                ModelSpec m = model(overModels.get(i), generations, "operator models[" + i + "]");
                int at = indexOf(models, m.id());
                if (at >= 0) {
                    models.set(at, m);
                } else {
                    models.add(inserted++, m);
                }
            }
        }
        return new ModelCatalog(models, generations, ruleGeneration, rulePrefixes);
    }

    /** Every catalog model, newest first, for {@code GET /v1/models}. */
    public List<ModelSpec> models() {
        return models;
    }

    /** Case-insensitive lookup by Anthropic id or alias. */
    public Optional<ModelSpec> byIdOrAlias(String id) {
        return Optional.ofNullable(byIdOrAlias.get(id.toLowerCase(Locale.ROOT)));
    }

    /** Lookup by Bedrock base model id ({@code anthropic.claude-...}), with or without its version suffix. */
    public Optional<ModelSpec> byBedrockId(String baseModelId) {
        String key = baseModelId.toLowerCase(Locale.ROOT);
        ModelSpec m = byBedrockId.get(key);
        return Optional.ofNullable(m != null ? m : byBedrockId.get(withoutVersion(key)));
    }

    /** A spec for a {@code claude-*} id not in the table: {@code anthropic.<id>}, rule-based generation. */
    public ModelSpec ruleBased(String anthropicId) {
        return new ModelSpec(anthropicId, "anthropic." + anthropicId, anthropicId, null, List.of(),
                ruleGeneration, rulePrefixes, ruleFeatures);
    }

    /** A spec for a Bedrock id or ARN we cannot recognise: passed through with the newest generation's features. */
    public ModelSpec unrecognised(String bedrockModelId) {
        return new ModelSpec(bedrockModelId, bedrockModelId, bedrockModelId, null, List.of(),
                newestGeneration, List.of(), newestFeatures);
    }

    private static void collectGenerations(JsonNode root, Map<String, JsonNode> into) {
        for (var e : root.path("generations").properties()) {
            into.put(e.getKey(), e.getValue());
        }
    }

    private static ModelSpec model(JsonNode n, Map<String, ModelFeatures> generations, String key) {
        String id = required(n, "id", key);
        String generation = required(n, "generation", key);
        ModelFeatures genFeatures = generations.get(generation);
        if (genFeatures == null) {
            throw new IllegalArgumentException(key + ".generation: unknown generation " + generation);
        }
        ModelFeatures features = n.has("features") ? features(n.get("features"), genFeatures, key + ".features") : genFeatures;
        return new ModelSpec(id, required(n, "bedrock-id", key), text(n, "display-name", id), text(n, "created-at", null),
                strings(n.path("aliases")), generation, strings(n.path("profile-prefixes")), features);
    }

    /** Reads features; keys missing from {@code node} come from {@code inherited} (required when it is null). */
    private static ModelFeatures features(JsonNode node, @Nullable ModelFeatures inherited, String key) {
        return new ModelFeatures(
                flag(node, "cache-ttl", inherited == null ? null : inherited.cacheTtl(), key),
                flag(node, "output-config", inherited == null ? null : inherited.outputConfig(), key),
                flag(node, "no-sampling-params", inherited == null ? null : inherited.noSamplingParams(), key),
                flag(node, "temperature-xor-top-p", inherited == null ? null : inherited.temperatureXorTopP(), key),
                flag(node, "context-1m", inherited == null ? null : inherited.contextOneMillion(), key),
                node.has("beta-group") ? node.get("beta-group").asString()
                        : inherited != null ? inherited.betaGroup() : required(node, "beta-group", key));
    }

    private static boolean flag(JsonNode node, String name, @Nullable Boolean inherited, String key) {
        JsonNode v = node.get(name);
        if (v == null) {
            if (inherited == null) throw new IllegalArgumentException(key + "." + name + ": required");
            return inherited;
        }
        if (!v.isBoolean()) throw new IllegalArgumentException(key + "." + name + ": must be true or false");
        return v.booleanValue();
    }

    private static String required(JsonNode n, String name, String key) {
        JsonNode v = n.get(name);
        if (v == null || !v.isValueNode() || v.asString().isBlank()) {
            throw new IllegalArgumentException(key + "." + name + ": required");
        }
        return v.asString().trim();
    }

    private static String text(JsonNode n, String name, String dflt) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? dflt : v.asString().trim();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode v : array) out.add(v.asString().trim());
        return out;
    }

    private static int indexOf(List<ModelSpec> models, String id) {
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i).id().equals(id)) return i;
        }
        return -1;
    }

    private static void putUnique(Map<String, ModelSpec> map, String key, ModelSpec m, String what) {
        ModelSpec previous = map.putIfAbsent(key, m);
        if (previous != null && previous != m) {
            throw new IllegalArgumentException("models: " + what + " " + key + " is used by both "
                    + previous.id() + " and " + m.id());
        }
    }

    /** {@code anthropic.claude-opus-4-6-v1} and {@code ...-v1:0} both become {@code anthropic.claude-opus-4-6}. */
    static String withoutVersion(String bedrockId) {
        int v = bedrockId.lastIndexOf("-v");
        if (v < 0) return bedrockId;
        for (int i = v + 2; i < bedrockId.length(); i++) {
            char c = bedrockId.charAt(i);
            if (!(Character.isDigit(c) || c == ':')) return bedrockId;
        }
        return v + 2 < bedrockId.length() ? bedrockId.substring(0, v) : bedrockId;
    }
}
