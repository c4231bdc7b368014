package dev.ccag.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Deterministic token counts: input ≈ UTF-8 bytes of tools + system + messages / 4, output = words.
 * Cache use follows the {@code cache_control} breakpoints in Anthropic's prefix order (tools, system,
 * messages): the longest prefix seen before (for the same model) is read, the rest up to the last
 * breakpoint is written, split by the TTL of the breakpoint that closes each part.
 */
final class TokenEstimator {
    private final PromptCache cache;

    TokenEstimator(PromptCache cache) {
        this.cache = cache;
    }

    /** Input tokens without any caching (CountTokens); never changes the cache. */
    long count(JsonNode body) {
        long bytes = 0;
        for (Segment s : segments(body)) bytes += s.bytes.length;
        return tokens(bytes);
    }

    /** Input usage of an invocation; records its breakpoints in the cache. */
    Usage meter(JsonNode body, String modelId) {
        List<Segment> segments = segments(body);
        MessageDigest digest = sha256();
        byte[] hash = digest.digest(modelId.getBytes(StandardCharsets.UTF_8));
        List<Breakpoint> breakpoints = new ArrayList<>();
        long cumulative = 0;
        for (Segment s : segments) {
            cumulative += s.bytes.length;
            digest.update(hash);
            hash = digest.digest(s.bytes);
            if (s.breakpoint) breakpoints.add(new Breakpoint(HexFormat.of().formatHex(hash, 0, 16), cumulative, s.oneHour));
        }
        long total = tokens(cumulative);
        int hit = -1;
        for (int i = breakpoints.size() - 1; i >= 0; i--) {
            if (cache.contains(breakpoints.get(i).hash)) {
                hit = i;
                break;
            }
        }
        long read = hit < 0 ? 0 : tokens(breakpoints.get(hit).bytes);
        long write5m = 0, write1h = 0, covered = read;
        for (int i = hit + 1; i < breakpoints.size(); i++) {
            long upTo = tokens(breakpoints.get(i).bytes);
            if (breakpoints.get(i).oneHour) write1h += upTo - covered;
            else write5m += upTo - covered;
            covered = upTo;
        }
        for (Breakpoint b : breakpoints) cache.add(b.hash);
        return new Usage(total - covered, read, write5m, write1h, 0);
    }

    /** Output tokens of a reply: words of text and thinking, bytes/4 of tool calls. */
    static long output(List<ReplyBlock> blocks) {
        long n = 0;
        for (ReplyBlock b : blocks) {
            n += switch (b) {
                case ReplyBlock.Text t -> words(t.text());
                case ReplyBlock.Thinking t -> words(t.thinking());
                case ReplyBlock.ToolUse t -> tokens(t.name().length() + t.input().toString().getBytes(StandardCharsets.UTF_8).length);
            };
        }
        return Math.max(1, n);
    }

    static long words(String text) {
        long n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) n++;
            inWord = !space;
        }
        return n;
    }

    static long tokens(long bytes) {
        return (bytes + 3) / 4;
    }

    private static List<Segment> segments(JsonNode body) {
        List<Segment> out = new ArrayList<>();
        for (JsonNode tool : body.path("tools")) out.add(segment(tool));
        JsonNode system = body.path("system");
        if (system.isString()) out.add(new Segment(system.asString().getBytes(StandardCharsets.UTF_8), false, false));
        else for (JsonNode block : system) out.add(segment(block));
        for (JsonNode message : body.path("messages")) {
            JsonNode content = message.path("content");
            byte[] role = message.path("role").asString("").getBytes(StandardCharsets.UTF_8);
            if (content.isArray()) {
                out.add(new Segment(role, false, false));
                for (JsonNode block : content) out.add(segment(block));
            } else {
                out.add(new Segment(concat(role, content.asString("").getBytes(StandardCharsets.UTF_8)), false, false));
            }
        }
        return out;
    }

    private static Segment segment(JsonNode block) {
        JsonNode cc = block.path("cache_control");
        for (JsonNode nested : block.path("content")) {
            if (cc.isObject()) break;
            cc = nested.path("cache_control");
        }
        return new Segment(Json.MAPPER.writeValueAsBytes(block), cc.isObject(), "1h".equals(cc.path("ttl").asString("")));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Segment(byte[] bytes, boolean breakpoint, boolean oneHour) {}

    private record Breakpoint(String hash, long bytes, boolean oneHour) {}
}
