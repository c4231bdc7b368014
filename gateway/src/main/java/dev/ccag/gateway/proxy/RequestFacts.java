package dev.ccag.gateway.proxy;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.ObjectMapper;

/**
 * What the pipeline needs to know of a request body before translation, read in one pass of the
 * streaming parser that also checks the whole body is one valid JSON object. The body is not parsed
 * into a tree: the translation edits its bytes (see {@code BodyRewriter}). Where a top-level key
 * repeats, the last one counts, as in a parsed tree.
 *
 * @param object      whether the body is a JSON object
 * @param model       the top-level {@code model} string, or null when absent or not a string
 * @param messages    whether {@code messages} is an array
 * @param stream      {@code stream}'s token (null when absent)
 * @param maxTokens   {@code max_tokens} when it is a number, else 0
 * @param serverTools whether any {@code type} in the body names a server tool, its use or its results
 *                    ({@code web_search_*}, {@code server_tool_use}): the web search step needs the tree then
 */
record RequestFacts(boolean object, String model, boolean messages, JsonToken stream, long maxTokens, boolean serverTools) {

    /** @throws tools.jackson.core.JacksonException when the body is not valid JSON */
    static RequestFacts scan(ObjectMapper mapper, byte[] body) {
        try (JsonParser p = mapper.createParser(body)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                requireEnd(p);
                return new RequestFacts(false, null, false, null, 0, false);
            }
            String model = null;
            boolean messages = false;
            JsonToken stream = null;
            long maxTokens = 0;
            boolean serverTools = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "model" -> model = value == JsonToken.VALUE_STRING ? p.getString() : null;
                    case "messages" -> messages = value == JsonToken.START_ARRAY;
                    case "stream" -> stream = value;
                    case "max_tokens" -> maxTokens = value.isNumeric() ? number(p) : 0;
                    default -> { }
                }
                if (value.isStructStart()) serverTools |= containsServerToolType(p);
                else if (name.equals("type")) serverTools |= isServerToolType(p, value);
            }
            requireEnd(p);
            return new RequestFacts(true, model, messages, stream, maxTokens, serverTools);
        }
    }

    /** Walks the container the parser is on to its end; true when a {@code type} key in it names a server tool. */
    private static boolean containsServerToolType(JsonParser p) {
        boolean found = false;
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            } else if (t == JsonToken.PROPERTY_NAME && p.currentName().equals("type")) {
                JsonToken value = p.nextToken();
                if (value.isStructStart()) depth++;
                else found |= isServerToolType(p, value);
            }
        }
        return found;
    }

    private static boolean isServerToolType(JsonParser p, JsonToken value) {
        if (value != JsonToken.VALUE_STRING) return false;
        String type = p.getString();
        return type.startsWith("web_search_") || type.equals("server_tool_use");
    }

    private static long number(JsonParser p) {
        try {
            return p.getValueAsLong();
        } catch (InputCoercionException e) {
            return Long.MAX_VALUE; // beyond a long: as much output as can be asked for
        }
    }

    /** Nothing may follow the value (a parsed tree refuses trailing tokens too). */
    private static void requireEnd(JsonParser p) {
        JsonToken after = p.nextToken();
        if (after != null) {
            throw new tools.jackson.core.exc.StreamReadException(p, "Trailing token (of type " + after + ") found after value");
        }
    }
}
