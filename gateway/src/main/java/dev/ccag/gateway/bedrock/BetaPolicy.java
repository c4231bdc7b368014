package dev.ccag.gateway.bedrock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Decides which {@code anthropic-beta} values reach Bedrock for a model, from
 * {@code ccag/bedrock-betas.yaml} (see the comments there for the file's semantics). Immutable.
 */
public final class BetaPolicy {
    static final String DEFAULT_RESOURCE = "ccag/bedrock-betas.yaml";
    static final String MODEL_CONTEXT_1M = "model-context-1m";
    static final String CONTEXT_MANAGEMENT_EDIT = "context-management-edit";
    private static final Set<String> CONDITIONS = Set.of(MODEL_CONTEXT_1M, CONTEXT_MANAGEMENT_EDIT);
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final BetaPattern drop;
    private final Map<String, String> rewrite;
    private final Map<String, String> requires;
    private final Map<String, BetaPattern> groups;

    private BetaPolicy(BetaPattern drop, Map<String, String> rewrite, Map<String, String> requires,
                       Map<String, BetaPattern> groups) {
        this.drop = drop;
        this.rewrite = Map.copyOf(rewrite);
        this.requires = Map.copyOf(requires);
        this.groups = Map.copyOf(groups);
    }

    public static BetaPolicy loadDefault() {
        try (InputStream in = BetaPolicy.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
            return load(in, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BetaPolicy load(InputStream defaults, @Nullable InputStream operatorOverrides) {
        JsonNode base = YAML.readTree(defaults);
        JsonNode over = operatorOverrides == null ? null : YAML.readTree(operatorOverrides);

        List<String> drop = strings(base.path("drop"));
        if (over != null && over.has("drop")) drop = strings(over.path("drop"));

        Map<String, String> rewrite = new HashMap<>();
        Map<String, String> requires = new HashMap<>();
        Map<String, JsonNode> groupNodes = new LinkedHashMap<>();
        for (JsonNode root : over == null ? List.of(base) : List.of(base, over)) {
            for (var e : root.path("rewrite").properties()) rewrite.put(e.getKey(), e.getValue().asString().trim());
            for (var e : root.path("requires").properties()) {
                String condition = e.getValue().asString().trim();
                if (!CONDITIONS.contains(condition)) {
                    throw new IllegalArgumentException("requires." + e.getKey() + ": unknown condition " + condition
                            + " (known: " + CONDITIONS + ")");
                }
                requires.put(e.getKey(), condition);
            }
            for (var e : root.path("groups").properties()) groupNodes.put(e.getKey(), e.getValue());
        }
        Map<String, BetaPattern> groups = new HashMap<>();
        for (String name : groupNodes.keySet()) {
            groups.put(name, resolveGroup(name, groupNodes, new ArrayList<>()));
        }
        return new BetaPolicy(BetaPattern.of(drop), rewrite, requires, groups);
    }

    /** Names of the configured groups, so start-up can check every model's {@code beta-group} exists. */
    public Set<String> groupNames() {
        return groups.keySet();
    }

    /** As {@link #decide(Collection, ResolvedModel, Set, boolean)} for a request without context-management edits. */
    public BetaDecision decide(Collection<String> requested, ResolvedModel model, Set<String> learnedRejected) {
        return decide(requested, model, learnedRejected, false);
    }

    /**
     * @param requested               header and body betas, trimmed, possibly with duplicates
     * @param contextManagementEdit   a Bedrock-accepted context_management edit remains in the body
     */
    public BetaDecision decide(Collection<String> requested, ResolvedModel model, Set<String> learnedRejected,
                               boolean contextManagementEdit) {
        if (requested.isEmpty()) return BetaDecision.NONE;
        BetaPattern allowed = groups.getOrDefault(model.spec().features().betaGroup(), BetaPattern.EMPTY);
        // A handful of betas per request: lists with contains() beat hashing here.
        List<String> forwarded = new ArrayList<>(requested.size());
        List<String> dropped = new ArrayList<>(requested.size());
        List<String> seen = new ArrayList<>(requested.size());
        for (String beta : requested) {
            if (beta.isEmpty() || seen.contains(beta)) continue;
            seen.add(beta);
            String target = drop.matches(beta) ? null : rewrite.getOrDefault(beta, beta);
            if (target != null && allowed.matches(target) && conditionHolds(target, model, contextManagementEdit)
                    && !learnedRejected.contains(target) && !learnedRejected.contains(beta)) {
                if (!forwarded.contains(target)) forwarded.add(target);
            } else {
                dropped.add(beta);
            }
        }
        return new BetaDecision(List.copyOf(forwarded), List.copyOf(dropped));
    }

    private boolean conditionHolds(String beta, ResolvedModel model, boolean contextManagementEdit) {
        String condition = requires.get(beta);
        if (condition == null) return true;
        return switch (condition) {
            case MODEL_CONTEXT_1M -> model.spec().features().contextOneMillion();
            case CONTEXT_MANAGEMENT_EDIT -> contextManagementEdit;
            default -> false;
        };
    }

    private static BetaPattern resolveGroup(String name, Map<String, JsonNode> nodes, List<String> path) {
        if (path.contains(name)) throw new IllegalArgumentException("groups: extends cycle " + path + " -> " + name);
        JsonNode node = nodes.get(name);
        if (node == null) throw new IllegalArgumentException("groups." + path.getLast() + ".extends: unknown group " + name);
        path.add(name);
        BetaPattern own = BetaPattern.of(strings(node.path("allow")));
        JsonNode parent = node.get("extends");
        BetaPattern result = parent == null || parent.isNull() ? own
                : resolveGroup(parent.asString().trim(), nodes, path).union(own);
        path.removeLast();
        return result;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode v : array) out.add(v.asString().trim());
        return out;
    }
}
