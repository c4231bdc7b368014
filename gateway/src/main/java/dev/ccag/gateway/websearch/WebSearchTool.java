package dev.ccag.gateway.websearch;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A {@code web_search_*} server tool as the client declared it (any version: the fields are the same).
 *
 * @param name     the tool's name, also the name of the ordinary tool declared to Bedrock
 * @param maxUses  searches allowed in one turn; null = no limit beyond the iteration cap
 * @param location {@code user_location}, or null
 */
public record WebSearchTool(String type, String name, Integer maxUses, List<String> allowedDomains,
        List<String> blockedDomains, UserLocation location) {

    static boolean isWebSearch(JsonNode tool) {
        JsonNode type = tool.get("type");
        return type != null && type.isString() && type.asString().startsWith("web_search_");
    }

    /** Reads and checks the definition; a bad one is the client's error, answered with 400. */
    static WebSearchTool parse(JsonNode tool, int index) throws InvalidToolException {
        String where = "tools." + index;
        String type = tool.get("type").asString();
        JsonNode nameNode = tool.get("name");
        String name = nameNode == null || nameNode.isNull() ? "web_search" : nameNode.isString() ? nameNode.asString() : null;
        if (name == null || !name.matches("^[a-zA-Z0-9_-]{1,128}$")) {
            throw new InvalidToolException(where + ".name: must be a tool name of 1 to 128 letters, digits, _ or -");
        }
        Integer maxUses = null;
        JsonNode mu = tool.get("max_uses");
        if (mu != null && !mu.isNull()) {
            if (!mu.isIntegralNumber() || mu.asLong() < 1 || mu.asLong() > Integer.MAX_VALUE) {
                throw new InvalidToolException(where + ".max_uses: Input should be a positive integer");
            }
            maxUses = mu.asInt();
        }
        List<String> allowed = domains(tool.get("allowed_domains"), where + ".allowed_domains");
        List<String> blocked = domains(tool.get("blocked_domains"), where + ".blocked_domains");
        if (!allowed.isEmpty() && !blocked.isEmpty()) {
            throw new InvalidToolException(where + ": allowed_domains and blocked_domains cannot be used together");
        }
        JsonNode loc = tool.get("user_location");
        if (loc != null && !loc.isNull()) {
            if (!loc.isObject()) throw new InvalidToolException(where + ".user_location: Input should be an object");
            String locType = loc.path("type").asString("approximate");
            if (!locType.equals("approximate")) {
                throw new InvalidToolException(where + ".user_location.type: Input should be 'approximate'");
            }
            JsonNode country = loc.get("country");
            if (country != null && !country.isNull() && (!country.isString() || country.asString().length() != 2)) {
                throw new InvalidToolException(where + ".user_location.country: Input should be a two-letter ISO 3166-1 country code");
            }
        }
        return new WebSearchTool(type, name, maxUses, allowed, blocked, UserLocation.from(loc));
    }

    private static List<String> domains(JsonNode node, String where) throws InvalidToolException {
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw new InvalidToolException(where + ": Input should be a valid list");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode d = node.get(i);
            String normal = d.isString() ? DomainFilter.normalise(d.asString()) : null;
            if (normal == null) throw new InvalidToolException(where + "." + i + ": Input should be a domain name");
            out.add(normal);
        }
        return List.copyOf(out);
    }

    /** A client error in the tool definition or in its use of the tool. */
    static final class InvalidToolException extends Exception {
        InvalidToolException(String message) {
            super(message, null, false, false);
        }
    }
}
