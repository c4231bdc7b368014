package dev.ccag.gateway.frontend;

import java.util.Arrays;

/** Builds a response head straight into bytes: header text is ISO-8859-1, as HTTP/1.1 sends it. */
final class HeadWriter {
    private byte[] bytes;
    private int length;

    HeadWriter(int capacity) {
        bytes = new byte[capacity];
    }

    HeadWriter ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            // A CR or LF in a value would end the line: never let one through.
            bytes[length++] = c == '\r' || c == '\n' ? (byte) ' ' : c > 0xff ? (byte) '?' : (byte) c;
        }
        return this;
    }

    HeadWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        return this;
    }

    HeadWriter number(long n) {
        return ascii(Long.toString(n));
    }

    HeadWriter crlf() {
        ensure(2);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
        return this;
    }

    HeadWriter header(String name, String value) {
        return ascii(name).ascii(": ").ascii(value).crlf();
    }

    /** Appends {@code body} after the head, so head and body leave in one write. */
    HeadWriter body(byte[] body) {
        return bytes(body);
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            case 529 -> "Overloaded";
            default -> "";
        };
    }
}
