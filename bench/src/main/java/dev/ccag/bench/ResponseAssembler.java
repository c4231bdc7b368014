package dev.ccag.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects the bytes of one HTTP/1.1 response as they arrive, in any split, and says when it is
 * complete: a head, then a body framed by {@code Content-Length} or by chunked transfer coding (no
 * length and no chunking: an empty body, which is what a keep-alive answer without framing has).
 * Used by the event-loop load generator, which reads whatever a socket holds; the blocking client
 * ({@link RawHttpConnection}) parses from its stream instead.
 *
 * <p>Not thread-safe; one per connection, {@link #reset()} between responses.
 */
final class ResponseAssembler {
    private static final int MAX_HEAD = 64 * 1024;

    private byte[] buf = new byte[16 * 1024];
    private int size;
    private int headEnd = -1;
    private int status;
    private long contentLength = -1;
    private boolean chunked;
    /** Chunked bodies: where the next chunk-size line starts, and the body bytes found so far. */
    private int chunkAt;
    private byte[] body;
    private int bodyLength;
    private boolean complete;

    void reset() {
        size = 0;
        headEnd = -1;
        status = 0;
        contentLength = -1;
        chunked = false;
        chunkAt = 0;
        bodyLength = 0;
        body = null;
        complete = false;
    }

    /** Room to read into: the array and the offset from which it is free (at least 4 KiB). */
    byte[] space() {
        if (buf.length - size < 4096) buf = Arrays.copyOf(buf, buf.length * 2);
        return buf;
    }

    int size() {
        return size;
    }

    /**
     * Takes {@code n} bytes just read into {@link #space()} at {@link #size()}.
     *
     * @return true when the response is complete (bytes past its end would be a protocol error here:
     *         the load generator never pipelines, so nothing may follow a response)
     */
    boolean added(int n) throws IOException {
        size += n;
        if (headEnd < 0 && !parseHead()) {
            if (size > MAX_HEAD) throw new IOException("response head over " + MAX_HEAD + " bytes");
            return false;
        }
        if (chunked) {
            complete = dechunk();
        } else {
            long have = size - headEnd;
            if (have > contentLength) throw new IOException("response longer than its Content-Length " + contentLength);
            complete = have == contentLength;
        }
        return complete;
    }

    int status() {
        return status;
    }

    boolean complete() {
        return complete;
    }

    /** The whole body of a complete response (dechunked). */
    byte[] body() {
        if (chunked) return Arrays.copyOf(body, bodyLength);
        return Arrays.copyOfRange(buf, headEnd, size);
    }

    private boolean parseHead() throws IOException {
        int end = indexOf(buf, 0, size, "\r\n\r\n");
        if (end < 0) return false;
        headEnd = end + 4;
        String head = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP/1.x response: " + lines[0]);
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + lines[0]);
        }
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) continue;
            String name = lines[i].substring(0, colon).trim().toLowerCase();
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + value);
                }
            } else if (name.equals("transfer-encoding") && value.toLowerCase().contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            chunkAt = headEnd;
            body = new byte[1024];
        } else if (contentLength < 0) {
            contentLength = 0;
        }
        return true;
    }

    /** Consumes whole chunks from {@code chunkAt}; true once the last (zero) chunk and its CRLF are in. */
    private boolean dechunk() throws IOException {
        while (true) {
            int lineEnd = indexOf(buf, chunkAt, size, "\r\n");
            if (lineEnd < 0) return false;
            String sizeText = new String(buf, chunkAt, lineEnd - chunkAt, StandardCharsets.ISO_8859_1);
            int semi = sizeText.indexOf(';');
            if (semi >= 0) sizeText = sizeText.substring(0, semi);
            int chunk;
            try {
                chunk = Integer.parseInt(sizeText.trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + sizeText);
            }
            int dataAt = lineEnd + 2;
            if (chunk == 0) {
                // The last chunk, then optional trailers, then an empty line.
                int trailersEnd = size - dataAt >= 2 && buf[dataAt] == '\r' && buf[dataAt + 1] == '\n'
                        ? dataAt + 2 : indexOf(buf, dataAt, size, "\r\n\r\n") + 4;
                if (trailersEnd < dataAt) return false;
                if (trailersEnd != size) throw new IOException("bytes after the last chunk");
                return true;
            }
            if (size < dataAt + chunk + 2) return false;
            if (bodyLength + chunk > body.length) body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + chunk));
            System.arraycopy(buf, dataAt, body, bodyLength, chunk);
            bodyLength += chunk;
            chunkAt = dataAt + chunk + 2;
        }
    }

    private static int indexOf(byte[] a, int from, int to, String needle) {
        int n = needle.length();
        outer:
        for (int i = from; i <= to - n; i++) {
            for (int j = 0; j < n; j++) {
                if (a[i + j] != needle.charAt(j)) continue outer;
            }
            return i;
        }
        return -1;
    }
}
