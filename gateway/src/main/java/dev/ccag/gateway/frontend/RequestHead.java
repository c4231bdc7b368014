package dev.ccag.gateway.frontend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request line and header section, parsed strictly (RFC 9112): a token method, a target without
 * spaces or control characters, {@code HTTP/1.1} or {@code HTTP/1.0}, and {@code name: value} lines;
 * lines end in CRLF or a bare LF. A folded line, whitespace before a colon, a control character or a
 * bare CR in a value is refused rather than guessed at: whatever the front end accepts it may hand to
 * Tomcat byte for byte, so it must not read a head differently from how Tomcat would.
 */
final class RequestHead {
    static final int MAX_HEADERS = 100;

    final String method;
    /** The request target as sent. */
    final String target;
    /** The target's path (origin or absolute form, percent-encoding kept), or null for {@code *} and authority forms. */
    final String path;
    /** What follows {@code ?}, or null. */
    final String query;
    final boolean http11;
    private final String[] names;
    private final String[] values;
    private final int count;

    private RequestHead(String method, String target, String path, String query, boolean http11, String[] names, String[] values, int count) {
        this.method = method;
        this.target = target;
        this.path = path;
        this.query = query;
        this.http11 = http11;
        this.names = names;
        this.values = values;
        this.count = count;
    }

    /** The first value of a header (names are case-insensitive), or null. */
    String header(String name) {
        for (int i = 0; i < count; i++) {
            if (names[i].equalsIgnoreCase(name)) return values[i];
        }
        return null;
    }

    /** Every value of a header, in order. */
    List<String> headers(String name) {
        List<String> found = null;
        for (int i = 0; i < count; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (found == null) found = new ArrayList<>(2);
                found.add(values[i]);
            }
        }
        return found == null ? List.of() : found;
    }

    /** How many times a header occurs. */
    int occurrences(String name) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (names[i].equalsIgnoreCase(name)) n++;
        }
        return n;
    }

    /** True when a comma-separated header (such as Connection) lists the token. */
    boolean hasToken(String name, String token) {
        for (int i = 0; i < count; i++) {
            if (!names[i].equalsIgnoreCase(name)) continue;
            for (String part : values[i].split(",")) {
                if (part.trim().equalsIgnoreCase(token)) return true;
            }
        }
        return false;
    }

    /**
     * Parses {@code buf[from, to)}, which ends with the blank line that ends the head.
     *
     * @throws BadRequestException 400 for a malformed head, 505 for another HTTP version
     */
    static RequestHead parse(byte[] buf, int from, int to) throws BadRequestException {
        int i = from;
        int methodEnd = i;
        while (methodEnd < to && isTchar(buf[methodEnd])) methodEnd++;
        if (methodEnd == i || methodEnd >= to || buf[methodEnd] != ' ') throw bad("malformed request line");
        String method = ascii(buf, i, methodEnd);
        i = methodEnd + 1;
        int targetEnd = i;
        while (targetEnd < to && buf[targetEnd] > 0x20 && buf[targetEnd] != 0x7f) targetEnd++;
        if (targetEnd == i || targetEnd >= to || buf[targetEnd] != ' ') throw bad("malformed request target");
        String target = ascii(buf, i, targetEnd);
        i = targetEnd + 1;
        int lineEnd = lineEnd(buf, i, to);
        int versionEnd = contentEnd(buf, i, lineEnd);
        boolean http11;
        if (versionEnd - i == 8 && match(buf, i, "HTTP/1.1")) {
            http11 = true;
        } else if (versionEnd - i == 8 && match(buf, i, "HTTP/1.0")) {
            http11 = false;
        } else if (versionEnd - i == 8 && match(buf, i, "HTTP/") && isDigit(buf[i + 5]) && buf[i + 6] == '.' && isDigit(buf[i + 7])) {
            throw new BadRequestException(505, "HTTP version not supported");
        } else {
            throw bad("malformed HTTP version");
        }
        i = next(buf, lineEnd);

        String[] names = new String[16];
        String[] values = new String[16];
        int count = 0;
        while (true) {
            int end = lineEnd(buf, i, to);
            int contentEnd = contentEnd(buf, i, end);
            if (contentEnd == i) break; // the blank line
            if (buf[i] == ' ' || buf[i] == '\t') throw bad("folded header line");
            int colon = i;
            while (colon < contentEnd && isTchar(buf[colon])) colon++;
            if (colon == i || colon >= contentEnd || buf[colon] != ':') throw bad("malformed header line");
            int v = colon + 1;
            while (v < contentEnd && (buf[v] == ' ' || buf[v] == '\t')) v++;
            int ve = contentEnd;
            while (ve > v && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) ve--;
            for (int k = v; k < ve; k++) {
                byte b = buf[k];
                if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) throw bad("control character in a header value");
            }
            if (count == MAX_HEADERS) throw bad("more than " + MAX_HEADERS + " header lines");
            if (count == names.length) {
                names = java.util.Arrays.copyOf(names, count * 2);
                values = java.util.Arrays.copyOf(values, count * 2);
            }
            names[count] = ascii(buf, i, colon);
            values[count] = new String(buf, v, ve - v, StandardCharsets.ISO_8859_1);
            count++;
            i = next(buf, end);
        }

        String path = null;
        String query = null;
        String pathAndQuery = null;
        if (target.startsWith("/")) {
            pathAndQuery = target;
        } else if (startsWithIgnoreCase(target, "http://") || startsWithIgnoreCase(target, "https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            int q = target.indexOf('?', target.indexOf("//") + 2);
            if (slash < 0 || (q >= 0 && q < slash)) pathAndQuery = q < 0 ? "/" : "/" + target.substring(q);
            else pathAndQuery = target.substring(slash);
        }
        if (pathAndQuery != null) {
            int q = pathAndQuery.indexOf('?');
            path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
            query = q < 0 ? null : pathAndQuery.substring(q + 1);
        }
        return new RequestHead(method, target, path, query, http11, names, values, count);
    }

    /** Index of the LF ending the line that starts at {@code i}; the head always ends in one. */
    private static int lineEnd(byte[] buf, int i, int to) throws BadRequestException {
        for (int k = i; k < to; k++) {
            if (buf[k] == '\n') return k;
        }
        throw bad("unterminated line"); // cannot happen: the caller found the head's end
    }

    /** End of a line's content: before its CR when it ends in CRLF. A CR elsewhere is refused. */
    private static int contentEnd(byte[] buf, int start, int lf) throws BadRequestException {
        int end = lf > start && buf[lf - 1] == '\r' ? lf - 1 : lf;
        for (int k = start; k < end; k++) {
            if (buf[k] == '\r') throw bad("bare CR in the request head");
        }
        return end;
    }

    private static int next(byte[] buf, int lf) {
        return lf + 1;
    }

    private static boolean isTchar(byte b) {
        if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') return true;
        return switch (b) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean match(byte[] buf, int at, String s) {
        for (int k = 0; k < s.length(); k++) {
            if (buf[at + k] != s.charAt(k)) return false;
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static String ascii(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static BadRequestException bad(String message) {
        return new BadRequestException(400, message);
    }
}
