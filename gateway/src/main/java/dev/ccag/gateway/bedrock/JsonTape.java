package dev.ccag.gateway.bedrock;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * The tokens of one JSON body as the arrival check read them: each token's kind and byte offset,
 * where each object and array ends, and the names of the keys. The translation walks this instead
 * of tokenising the body a second time ({@link BodyRewriter}): skipping a value it does not edit
 * (a message's text, a tool result, a schema) is a jump to the value's end, where the tokeniser had
 * to read every byte of it. For a 150 KB Claude Code body that second pass was as much of the
 * gateway's CPU as the first (BENCHMARKS.md, session 15).
 *
 * <p>A tape belongs to the exact array it was read from ({@link #body()}); a body rewritten later
 * (a web search loop's next request) has none and is tokenised again. There is no tape for a small
 * body (tokenising a few kilobytes again costs less than recording them), nor where it would not be
 * small next to the body: more than one token per {@value #MIN_BYTES_PER_TOKEN} bytes (a body of
 * short numbers), or a body past the offsets it can hold.
 */
public final class JsonTape {
    /** Below this a body is tokenised again: a microsecond or two, less than a tape's arrays cost. */
    static final int MIN_BODY_BYTES = 16 * 1024;
    /** Claude Code bodies run at 30 to 85 bytes per token; below this the tape is not worth its memory. */
    static final int MIN_BYTES_PER_TOKEN = 12;
    private static final int OFFSET_BITS = 26;
    private static final int OFFSET_MASK = (1 << OFFSET_BITS) - 1;
    private static final JsonToken[] KINDS = JsonToken.values();

    private final byte[] body;
    /** Per token: its byte offset, and its kind (a {@link JsonToken} ordinal) above {@link #OFFSET_BITS}. */
    private final int[] tokens;
    /** Per token: for a container's start the index of its end; for a key the index of its name in {@link #names}. */
    private final int[] links;
    private final String[] names;
    private final int size;

    private JsonTape(byte[] body, int[] tokens, int[] links, String[] names, int size) {
        this.body = body;
        this.tokens = tokens;
        this.links = links;
        this.names = names;
        this.size = size;
    }

    /** The array the tape was read from (compared by identity before the tape is used). */
    public byte[] body() {
        return body;
    }

    /** Heap the tape holds, for the request body memory budget. */
    public long bytes() {
        return 32L + 4L * tokens.length + 4L * links.length + 4L * names.length;
    }

    int size() {
        return size;
    }

    JsonToken kind(int index) {
        return KINDS[tokens[index] >>> OFFSET_BITS];
    }

    int offset(int index) {
        return tokens[index] & OFFSET_MASK;
    }

    /** The index of the token that closes the container opened at {@code index}. */
    int end(int index) {
        return links[index];
    }

    String name(int index) {
        return names[links[index]];
    }

    /** Records the tokens a parser reads; the reader calls {@link #next} in place of {@code nextToken}. */
    public static final class Recorder {
        private final byte[] body;
        private final int maxTokens;
        private int[] tokens;
        private int[] links;
        private String[] names;
        private int size;
        private int nameCount;
        private int[] open;
        private int depth;
        private boolean abandoned;

        public Recorder(byte[] body) {
            this(body, MIN_BODY_BYTES, MIN_BYTES_PER_TOKEN);
        }

        /** With the limits given (tests record small and dense bodies too). */
        Recorder(byte[] body, int minBodyBytes, int minBytesPerToken) {
            this.body = body;
            this.maxTokens = Math.max(16, body.length / minBytesPerToken);
            this.abandoned = body.length < minBodyBytes || body.length > OFFSET_MASK;
            if (abandoned) return;
            int initial = Math.max(16, body.length / 64);
            this.tokens = new int[initial];
            this.links = new int[initial];
            this.names = new String[Math.max(8, initial / 2)];
            this.open = new int[16];
        }

        /** The parser's next token, recorded. */
        public JsonToken next(JsonParser p) {
            JsonToken t = p.nextToken();
            if (t != null && !abandoned) record(p, t);
            return t;
        }

        /**
         * Stops recording: the reader went past tokens without {@link #next} (e.g. with {@code skipChildren}),
         * so the tape would not be whole.
         */
        public void abandon() {
            abandoned = true;
            tokens = links = open = null;
            names = null;
        }

        /** The tape, or null when it was abandoned, left out as too large, or the tokens did not close. */
        public JsonTape finish() {
            if (abandoned || depth != 0 || size == 0) return null;
            return new JsonTape(body, tokens, links, names, size);
        }

        private void record(JsonParser p, JsonToken t) {
            if (size == maxTokens) {
                abandon();
                return;
            }
            if (size == tokens.length) {
                int grown = (int) Math.min(maxTokens, 2L * size);
                tokens = Arrays.copyOf(tokens, grown);
                links = Arrays.copyOf(links, grown);
            }
            int index = size++;
            tokens[index] = (int) p.currentTokenLocation().getByteOffset() | t.ordinal() << OFFSET_BITS;
            if (t.isStructStart()) {
                if (depth == open.length) open = Arrays.copyOf(open, 2 * depth);
                open[depth++] = index;
            } else if (t.isStructEnd()) {
                links[open[--depth]] = index;
            } else if (t == JsonToken.PROPERTY_NAME) {
                if (nameCount == names.length) names = Arrays.copyOf(names, 2 * nameCount);
                names[nameCount] = p.currentName();
                links[index] = nameCount++;
            }
        }
    }

    /** The tape read token by token, as {@link BodyRewriter} reads a parser. */
    static final class Cursor implements Tokens {
        private final JsonTape tape;
        private final ObjectMapper mapper;
        private int at = -1;

        Cursor(JsonTape tape, ObjectMapper mapper) {
            this.tape = tape;
            this.mapper = mapper;
        }

        @Override
        public JsonToken nextToken() {
            return ++at < tape.size ? tape.kind(at) : null;
        }

        @Override
        public JsonToken currentToken() {
            return at >= 0 && at < tape.size ? tape.kind(at) : null;
        }

        @Override
        public String currentName() {
            if (tape.kind(at) != JsonToken.PROPERTY_NAME) throw new IllegalStateException("not on a key");
            return tape.name(at);
        }

        @Override
        public void skipChildren() {
            JsonToken t = currentToken();
            if (t != null && t.isStructStart()) at = tape.end(at);
        }

        @Override
        public String getString() {
            JsonToken t = tape.kind(at);
            int start = tape.offset(at);
            byte[] in = tape.body;
            return switch (t) {
                case VALUE_STRING -> string(in, start);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(in, start);
                case VALUE_TRUE -> "true";
                case VALUE_FALSE -> "false";
                case VALUE_NULL -> "null";
                default -> throw new IllegalStateException("no text for " + t);
            };
        }

        @Override
        public int start() {
            return tape.offset(at);
        }

        /** Plain ASCII without escapes is copied; anything else is decoded by the parser, as the tokeniser would. */
        private String string(byte[] in, int start) {
            int end = JsonStrings.end(in, start);
            for (int i = start + 1; i < end - 1; i++) {
                if (in[i] < 0x20 || in[i] == '\\') return decoded(in, start, end); // bytes of 0x80 and up are negative
            }
            return new String(in, start + 1, end - start - 2, StandardCharsets.ISO_8859_1);
        }

        private String decoded(byte[] in, int start, int end) {
            try (JsonParser p = mapper.createParser(in, start, end - start)) {
                p.nextToken();
                return p.getString();
            }
        }

        /** A number's text as written: the parser's text for it is the same characters. */
        private static String number(byte[] in, int start) {
            int end = start;
            while (end < in.length && isNumberChar(in[end])) end++;
            return new String(in, start, end - start, StandardCharsets.ISO_8859_1);
        }

        private static boolean isNumberChar(byte b) {
            return (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
        }
    }
}
