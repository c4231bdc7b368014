package dev.ccag.gateway.websearch;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The "opaque" fields of Anthropic's search blocks ({@code encrypted_content}, {@code encrypted_index}).
 * Clients must not read them (Claude Code reads only title and url), so CCAG puts there what it needs
 * when a client sends the blocks back in a later turn: the result's text, so the model sees the same
 * source again. It is encoding, not encryption: the content is the client's own search result.
 */
final class OpaqueContent {
    static final String PREFIX = "ccag1.";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private OpaqueContent() {}

    static String encode(ObjectMapper mapper, SearchResult r) {
        ObjectNode n = mapper.createObjectNode().put("u", r.url()).put("t", r.title()).put("s", r.snippet());
        return PREFIX + ENCODER.encodeToString(mapper.writeValueAsBytes(n));
    }

    /** A citation's index: which source of the turn it points to. */
    static String index(int source, String url) {
        return PREFIX + ENCODER.encodeToString((source + " " + url).getBytes(StandardCharsets.UTF_8));
    }

    /** The snippet inside one of our {@code encrypted_content} values, or null for anything else. */
    static String snippet(ObjectMapper mapper, String encoded) {
        if (encoded == null || !encoded.startsWith(PREFIX)) return null;
        try {
            JsonNode n = mapper.readTree(DECODER.decode(encoded.substring(PREFIX.length())));
            return n.path("s").isString() ? n.path("s").asString() : null;
        } catch (IllegalArgumentException | JacksonException e) {
            return null;
        }
    }
}
