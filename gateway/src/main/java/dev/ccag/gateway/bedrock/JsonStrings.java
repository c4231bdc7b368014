package dev.ccag.gateway.bedrock;

import tools.jackson.core.io.JsonStringEncoder;

/** The two string chores of editing JSON bytes in place. */
final class JsonStrings {
    private JsonStrings() {}

    /** The offset just past the string token that starts (with its quote) at {@code start}; the parser has checked it. */
    static int end(byte[] in, int start) {
        int i = start + 1;
        while (in[i] != '"') {
            i += in[i] == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    /** Appends {@code value} as a JSON string literal. */
    static void quote(String value, StringBuilder into) {
        into.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, into);
        into.append('"');
    }
}
