package dev.ccag.emulator;

import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.databind.node.ObjectNode;

/** Writes event-stream frames to the response, flushing each so the client sees it at once. */
final class EventStreamWriter {
    private final OutputStream out;
    private boolean firstByteSent;
    private long firstByteNanos;

    EventStreamWriter(OutputStream out) {
        this.out = out;
    }

    void event(ObjectNode event) throws IOException {
        write(EventStreamFrames.chunk(Json.MAPPER.writeValueAsBytes(event)));
    }

    void exception(BedrockException error) throws IOException {
        write(EventStreamFrames.exception(error));
    }

    long firstByteNanos() {
        return firstByteNanos;
    }

    private void write(byte[] frame) throws IOException {
        if (!firstByteSent) {
            firstByteSent = true;
            firstByteNanos = System.nanoTime();
        }
        out.write(frame);
        out.flush();
    }
}
