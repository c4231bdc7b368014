package dev.ccag.gateway.bedrock;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Test-only, for {@link TreeSanitizer}: removes a dotted body path such as {@code tools.*.strict}; {@code *} (or a number) means every array element. */
final class FieldPaths {
    private FieldPaths() {}

    /** @return whether anything was removed */
    static boolean remove(ObjectNode root, String path) {
        return remove(root, path.split("\\."), 0);
    }

    private static boolean remove(JsonNode node, String[] segments, int at) {
        String segment = segments[at];
        boolean last = at == segments.length - 1;
        if (node instanceof ObjectNode object) {
            if (last) return !segment.equals("*") && object.remove(segment) != null;
            JsonNode child = object.get(segment);
            return child != null && remove(child, segments, at + 1);
        }
        if (node instanceof ArrayNode array && !last && isIndex(segment)) {
            boolean any = false;
            for (JsonNode element : array) any |= remove(element, segments, at + 1);
            return any;
        }
        return false;
    }

    private static boolean isIndex(String segment) {
        if (segment.equals("*")) return true;
        for (int i = 0; i < segment.length(); i++) {
            if (!Character.isDigit(segment.charAt(i))) return false;
        }
        return !segment.isEmpty();
    }
}
