package dev.ccag.gateway.pool;

import dev.ccag.gateway.admin.ApiProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads endpoint JSON from the admin API strictly: unknown fields, wrong types and bad values are
 * 400 problems naming the field (a typo such as {@code wieght} must not pass silently).
 */
final class EndpointJson {
    private static final Set<String> FIELDS = Set.of("name", "region", "endpoint_url", "credentials", "weight", "tier", "enabled",
            "profile_prefix", "model_prefixes", "models");
    private static final Set<String> CREDENTIAL_FIELDS = Set.of("type", "profile", "access_key_id", "secret_access_key", "session_token",
            "role_arn", "external_id", "role_session_name");

    private EndpointJson() {}

    /** A new endpoint: {@code name} and {@code region} are required, the rest has defaults. */
    static EndpointSpec create(JsonNode body) {
        object(body, "the request body", FIELDS);
        EndpointSpec spec = new EndpointSpec(string(body, "name"), string(body, "region"), string(body, "endpoint_url"),
                body.has("credentials") ? credentials(body.get("credentials")) : CredentialsSpec.defaultChain(),
                body.has("weight") ? weight(body) : 1, tier(body, Tier.PRIMARY), bool(body, "enabled", true),
                string(body, "profile_prefix"), modelPrefixes(body), models(body), EndpointSpec.ADMIN);
        return validated(spec);
    }

    /** The stored endpoint with the fields present in {@code body} replaced ({@code credentials} as a whole). */
    static EndpointSpec patch(EndpointSpec before, JsonNode body) {
        object(body, "the request body", FIELDS);
        if (body.has("name") && !before.name().equals(string(body, "name"))) {
            throw ApiProblem.badRequest("name: an endpoint cannot be renamed; create a new one and delete this one");
        }
        EndpointSpec spec = new EndpointSpec(before.name(),
                body.has("region") ? string(body, "region") : before.region(),
                body.has("endpoint_url") ? string(body, "endpoint_url") : before.endpointUrl(),
                body.has("credentials") ? credentials(body.get("credentials")) : before.credentials(),
                body.has("weight") ? weight(body) : before.weight(),
                body.has("tier") ? tier(body, before.tier()) : before.tier(),
                bool(body, "enabled", before.enabled()),
                body.has("profile_prefix") ? string(body, "profile_prefix") : before.profilePrefix(),
                body.has("model_prefixes") ? modelPrefixes(body) : before.modelPrefixes(),
                body.has("models") ? models(body) : before.models(),
                EndpointSpec.ADMIN);
        return validated(spec);
    }

    private static EndpointSpec validated(EndpointSpec spec) {
        try {
            spec.validate("");
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        return spec;
    }

    private static CredentialsSpec credentials(JsonNode c) {
        object(c, "credentials", CREDENTIAL_FIELDS);
        return new CredentialsSpec(string(c, "type", "credentials."), string(c, "profile", "credentials."),
                string(c, "access_key_id", "credentials."), string(c, "secret_access_key", "credentials."),
                string(c, "session_token", "credentials."), string(c, "role_arn", "credentials."), string(c, "external_id", "credentials."),
                string(c, "role_session_name", "credentials."));
    }

    private static int weight(JsonNode body) {
        JsonNode w = body.get("weight");
        if (w == null || !w.isIntegralNumber() || !w.canConvertToInt()) {
            throw ApiProblem.badRequest("weight: must be a whole number from 1 to " + EndpointSpec.MAX_WEIGHT);
        }
        return w.intValue();
    }

    private static Tier tier(JsonNode body, Tier fallback) {
        String t = string(body, "tier");
        if (t == null) return fallback;
        try {
            return Tier.parse(t);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("tier: " + e.getMessage());
        }
    }

    private static boolean bool(JsonNode body, String field, boolean fallback) {
        JsonNode v = body.get(field);
        if (v == null) return fallback;
        if (!v.isBoolean()) throw ApiProblem.badRequest(field + ": must be true or false");
        return v.booleanValue();
    }

    private static Map<String, String> modelPrefixes(JsonNode body) {
        JsonNode m = body.get("model_prefixes");
        if (m == null || m.isNull()) return Map.of();
        if (!m.isObject()) throw ApiProblem.badRequest("model_prefixes: must be an object of model id to prefix");
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : m.properties()) {
            if (!e.getValue().isString()) throw ApiProblem.badRequest("model_prefixes." + e.getKey() + ": must be a string");
            out.put(e.getKey(), e.getValue().asString());
        }
        return out;
    }

    /** {@code [{"model":"claude-sonnet-*","prefix":"us"}, "claude-haiku-4-5-20251001", ...]}; null or absent = every model. */
    private static List<ModelEntry> models(JsonNode body) {
        JsonNode m = body.get("models");
        if (m == null || m.isNull()) return List.of();
        if (!m.isArray()) throw ApiProblem.badRequest("models: must be an array of {\"model\":...,\"prefix\":...} objects or model ids");
        List<ModelEntry> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : m) {
            String key = "models[" + i++ + "]";
            if (item.isString()) {
                out.add(new ModelEntry(item.asString(), null));
            } else {
                object(item, key, Set.of("model", "prefix"));
                out.add(new ModelEntry(string(item, "model", key + "."), string(item, "prefix", key + ".")));
            }
        }
        return out;
    }

    private static void object(JsonNode node, String what, Set<String> allowed) {
        if (node == null || !node.isObject()) throw ApiProblem.badRequest(what + ": must be a JSON object");
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw ApiProblem.badRequest((what.equals("the request body") ? "" : what + ".") + name + ": unknown field");
            }
        }
    }

    private static String string(JsonNode node, String field) {
        return string(node, field, "");
    }

    private static String string(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isString()) throw ApiProblem.badRequest(path + field + ": must be a string");
        String s = v.asString();
        if (s.length() > 4000) throw ApiProblem.badRequest(path + field + ": at most 4000 characters");
        return s;
    }
}
