package dev.ccag.gateway.usage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Compact binary form of a {@link UsageRecord} for the spool. The first byte is a format version. */
final class UsageRecordCodec {
    private static final int VERSION = 1;

    private UsageRecordCodec() {}

    static byte[] encode(UsageRecord r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(r.requestId());
            out.writeLong(r.occurredAt().getEpochSecond());
            out.writeInt(r.occurredAt().getNano());
            string(out, r.keyId());
            string(out, r.userId());
            string(out, r.teamId());
            string(out, r.requestedModel());
            string(out, r.model());
            string(out, r.bedrockModel());
            string(out, r.endpoint());
            out.writeInt(r.status());
            out.writeBoolean(r.streaming());
            out.writeBoolean(r.clientAborted());
            out.writeLong(r.inputTokens());
            out.writeLong(r.outputTokens());
            out.writeLong(r.cacheReadTokens());
            out.writeLong(r.cacheWrite5mTokens());
            out.writeLong(r.cacheWrite1hTokens());
            out.writeInt(r.webSearchRequests());
            out.writeLong(r.costMicros());
            string(out, r.priceJson());
            integer(out, r.latencyMs());
            integer(out, r.ttfbMs());
            string(out, r.sessionId());
            string(out, r.agentId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static UsageRecord decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        int version = in.readUnsignedByte();
        if (version != VERSION) throw new IOException("unknown usage record format " + version);
        return new UsageRecord(in.readUTF(), Instant.ofEpochSecond(in.readLong(), in.readInt()),
                string(in), string(in), string(in), string(in), string(in), string(in), string(in),
                in.readInt(), in.readBoolean(), in.readBoolean(),
                in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readLong(),
                string(in), integer(in), integer(in), string(in), string(in));
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) out.writeUTF(s);
    }

    private static String string(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void integer(DataOutputStream out, Integer i) throws IOException {
        out.writeBoolean(i != null);
        if (i != null) out.writeInt(i);
    }

    private static Integer integer(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }
}
