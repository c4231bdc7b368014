package dev.ccag.gateway.frontend;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A streamed response body: what is written is held until {@code flush()}, which sends it as one HTTP
 * chunk in one write (size line, data and CRLF are laid out in one array: the data starts after room
 * for the size line, which is filled in at the flush). On HTTP/1.0 the bytes go out as they are and
 * the connection's end ends the body. Writes come from the relay and the heartbeat thread in turn
 * (the SSE writer serialises them).
 */
final class ChunkedOutput extends OutputStream {
    private static final int ROOM = 10; // "ffffffff\r\n"
    private static final byte[] LAST = {'0', '\r', '\n', '\r', '\n'};

    private final ConnectionOutput out;
    private final boolean chunked;
    private byte[] frame = new byte[4096];
    private int length; // data bytes held, from ROOM
    private boolean ended;

    ChunkedOutput(ConnectionOutput out, boolean chunked) {
        this.out = out;
        this.chunked = chunked;
    }

    @Override
    public void write(int b) throws IOException {
        if (ended) throw new IOException("the response body has ended");
        ensure(1);
        frame[ROOM + length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (ended) throw new IOException("the response body has ended");
        ensure(len);
        System.arraycopy(b, off, frame, ROOM + length, len);
        length += len;
    }

    @Override
    public void flush() throws IOException {
        send(false);
    }

    /** Sends what is held and the last chunk (once); the response is then complete. */
    void end() throws IOException {
        if (!ended) send(true);
    }

    @Override
    public void close() {
        // the exchange's end ends the body (end()), not the pipeline closing a stream it wrote to
    }

    private void send(boolean last) throws IOException {
        if (ended) return;
        if (!chunked) {
            if (length > 0) out.write(frame, ROOM, length);
            length = 0;
            ended = last;
            return;
        }
        if (length == 0 && !last) return;
        int start = ROOM;
        int end = ROOM + length;
        if (length > 0) {
            String size = Integer.toHexString(length);
            start = ROOM - size.length() - 2;
            for (int i = 0; i < size.length(); i++) frame[start + i] = (byte) size.charAt(i);
            frame[ROOM - 2] = '\r';
            frame[ROOM - 1] = '\n';
            frame[end++] = '\r';
            frame[end++] = '\n';
        }
        if (last) { // ensure() always leaves room for the CRLF and the last chunk
            System.arraycopy(LAST, 0, frame, end, LAST.length);
            end += LAST.length;
            ended = true;
        }
        length = 0;
        out.write(frame, start, end - start);
    }

    private void ensure(int more) {
        int need = ROOM + length + more + 2 + LAST.length;
        if (need > frame.length) frame = Arrays.copyOf(frame, Math.max(frame.length * 2, need));
    }
}
