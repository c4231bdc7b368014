package dev.ccag.emulator;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One model call as the emulator received it, for tests to assert on what the gateway sent.
 *
 * @param rawPath   the path exactly as on the wire (still URL-encoded)
 * @param modelId   the decoded model id from the path
 * @param operation {@code invoke}, {@code invoke-with-response-stream} or {@code count-tokens}
 * @param headers   lower-case names, values in arrival order
 * @param body      the parsed JSON body, or null if it was not JSON
 * @param rawBody   the body bytes
 */
public record RecordedRequest(String method, String rawPath, String modelId, String operation,
                              Map<String, List<String>> headers, JsonNode body, byte[] rawBody) {

    /** The first value of a header (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
