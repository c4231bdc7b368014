package dev.ccag.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether a 200 response really carries the expected answer; returns a description of what is wrong,
 * or null. A route that answers fast with garbage must not look good in the report.
 */
@FunctionalInterface
public interface ResponseCheck {
    JsonMapper JSON = JsonMapper.builder().build();

    String problem(byte[] body);

    /** A non-streaming Messages API answer whose text is exactly {@code text}. */
    static ResponseCheck message(String text) {
        return body -> {
            JsonNode n = JSON.readTree(body);
            if (!"message".equals(n.path("type").asString())) return "not a message: " + snippet(body);
            if (!"end_turn".equals(n.path("stop_reason").asString())) return "stop_reason " + n.path("stop_reason");
            String got = n.path("content").path(0).path("text").asString();
            return text.equals(got) ? null : "unexpected text: " + abbreviate(got);
        };
    }

    /** An Anthropic SSE stream (the gateway) with {@code deltas} text deltas, ending in message_stop. */
    static ResponseCheck sse(int deltas) {
        return body -> {
            List<String> events = new ArrayList<>();
            for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("event:")) events.add(line.substring(6).trim());
            }
            return streamProblem(events, deltas);
        };
    }

    /** A Bedrock event stream (direct, nginx) with {@code deltas} text deltas, ending in message_stop. */
    static ResponseCheck eventStream(int deltas) {
        return body -> {
            List<String> events = new ArrayList<>();
            ByteBuffer b = ByteBuffer.wrap(body);
            while (b.remaining() >= 16) {
                int start = b.position();
                int total = b.getInt();
                int headersLength = b.getInt();
                b.getInt(); // prelude CRC
                String messageType = "";
                int headersEnd = b.position() + headersLength;
                while (b.position() < headersEnd) {
                    String name = string(b, b.get() & 0xff);
                    byte type = b.get();
                    if (type != 7) return "unexpected event-stream header type " + type;
                    String value = string(b, b.getShort() & 0xffff);
                    if (name.equals(":message-type")) messageType = value;
                }
                byte[] payload = new byte[total - headersLength - 16];
                b.get(payload);
                b.getInt(); // message CRC
                if (!messageType.equals("event")) return "event-stream " + messageType + ": " + snippet(payload);
                String inner = JSON.readTree(payload).path("bytes").asString();
                events.add(JSON.readTree(Base64.getDecoder().decode(inner)).path("type").asString());
                if (b.position() != start + total) return "event-stream frame length mismatch";
            }
            return b.hasRemaining() ? "trailing bytes after the last frame" : streamProblem(events, deltas);
        };
    }

    private static String streamProblem(List<String> events, int deltas) {
        if (events.isEmpty() || !events.getFirst().equals("message_start")) return "stream does not open with message_start: " + events;
        if (events.contains("error")) return "stream carries an error event";
        if (!events.getLast().equals("message_stop")) return "stream does not end with message_stop: " + events.getLast();
        long got = events.stream().filter("content_block_delta"::equals).count();
        return got == deltas ? null : "expected " + deltas + " deltas, got " + got;
    }

    private static String string(ByteBuffer b, int length) {
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String snippet(byte[] body) {
        return abbreviate(new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8));
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
