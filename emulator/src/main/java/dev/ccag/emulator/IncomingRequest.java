package dev.ccag.emulator;

import java.util.List;
import java.util.Map;

/**
 * The parts of an HTTP request that signing and recording look at, independent of the servlet API.
 *
 * @param rawPath  as on the wire, still percent-encoded
 * @param rawQuery as on the wire, or null
 * @param headers  lower-case names; values in arrival order, one per header line
 */
record IncomingRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
