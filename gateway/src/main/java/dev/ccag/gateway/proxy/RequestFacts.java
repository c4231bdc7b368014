package dev.ccag.gateway.proxy;

import dev.ccag.gateway.bedrock.JsonTape;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.ObjectMapper;

/**
 * What the pipeline needs to know of a request body before translation, read in one pass of the
 * streaming parser that also checks the whole body is one valid JSON object and records its tokens
 * ({@link JsonTape}) for the translation, which edits the body's bytes without tokenising them again.
 * The body is not parsed into a tree. Where a top-level key repeats, the last one counts, as in a
 * parsed tree.
 *
 * @param object      whether the body is a JSON object
 * @param model       the top-level {@code model} string, or null when absent or not a string
 * @param messages    whether {@code messages} is an array
 * @param stream      {@code stream}'s token (null when absent)
 * @param maxTokens   {@code max_tokens} when it is a number, else 0
 * @param serverTools whether any {@code type} in the body names a server tool, its use or its results
 *                    ({@code web_search_*}, {@code server_tool_use}): the web search step needs the tree then
 * @param tape        the body's tokens, or null (not an object, a small body, or too many tokens for its size)
 */
record RequestFacts(boolean object, String model, boolean messages, JsonToken stream, long maxTokens, boolean serverTools,
                    JsonTape tape) {

    /** @throws tools.jackson.core.JacksonException when the body is not valid JSON */
    static RequestFacts scan(ObjectMapper mapper, byte[] body) {
        JsonTape.Recorder tape = new JsonTape.Recorder(body);
        try (JsonParser p = mapper.createParser(body)) {
            JsonToken t = tape.next(p);
            if (t != JsonToken.START_OBJECT) {
                tape.abandon();
                p.skipChildren();
                requireEnd(p);
                return new RequestFacts(false, null, false, null, 0, false, null);
            }
            String model = null;
            boolean messages = false;
            JsonToken stream = null;
            long maxTokens = 0;
            boolean serverTools = false;
            while (tape.next(p) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = tape.next(p);
                switch (name) {
                    case "model" -> model = value == JsonToken.VALUE_STRING ? p.getString() : null;
                    case "messages" -> messages = value == JsonToken.START_ARRAY;
                    case "stream" -> stream = value;
                    case "max_tokens" -> maxTokens = value.isNumeric() ? number(p) : 0;
                    default -> { }
                }
                if (value.isStructStart()) serverTools |= containsServerToolType(p, tape);
                else if (name.equals("type")) serverTools |= isServerToolType(p, value);
            }
            requireEnd(p);
            return new RequestFacts(true, model, messages, stream, maxTokens, serverTools, tape.finish());
        }
    }

    /** Walks the container the parser is on to its end; true when a {@code type} key in it names a server tool. */
    private static boolean containsServerToolType(JsonParser p, JsonTape.Recorder tape) {
        boolean found = false;
        int depth = 1;
        while (depth > 0) {
            JsonToken t = tape.next(p);
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            } else if (t == JsonToken.PROPERTY_NAME && p.currentName().equals("type")) {
                JsonToken value = tape.next(p);
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
