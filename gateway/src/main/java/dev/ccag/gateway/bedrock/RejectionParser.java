package dev.ccag.gateway.bedrock;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the messages of Bedrock's 400 ValidationExceptions: which beta or field it refused, and why. */
public final class RejectionParser {
    /** JSON-schema style: {@code #: extraneous key [output_config] is not permitted}, {@code #/tools/3: ...}. */
    private static final Pattern EXTRANEOUS_KEY = Pattern.compile(
            "(#[^\\s:]*)\\s*:?\\s*extraneous key \\[([^\\]]+)\\] is not permitted", Pattern.CASE_INSENSITIVE);
    /** Pydantic style: {@code tools.3.strict: Extra inputs are not permitted}. */
    private static final Pattern EXTRA_INPUTS = Pattern.compile(
            "([A-Za-z_][\\w-]*(?:\\.[\\w-]+)*)\\s*:\\s*Extra inputs are not permitted", Pattern.CASE_INSENSITIVE);
    private static final Pattern INDEX = Pattern.compile("(?<=^|\\.)\\d+(?=\\.|$)");

    /** Never "learn" to leave these out: the request would be meaningless without them. */
    private static final Set<String> PROTECTED = Set.of("anthropic_version", "max_tokens", "messages", "messages.*",
            "messages.*.role", "messages.*.content", "messages.*.content.*", "messages.*.content.*.type");

    private static final String[] CONTEXT_OVERFLOW = {
            "input is too long", "prompt is too long", "too many input tokens", "exceeds the context window",
            "exceed the context window", "context window exceeded", "maximum context length",
    };
    private static final String[] PAYLOAD_TOO_LARGE = {
            "payload too large", "payload size", "payload is too large", "request entity too large",
            "request body too large", "request is too large", "request size exceeds", "body is too large",
    };

    private RejectionParser() {}

    public static boolean isInvalidBeta(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("invalid beta flag");
    }

    /**
     * The body path Bedrock refused, with {@code *} for array indexes:
     * {@code "tools.3.strict: Extra inputs are not permitted"} gives {@code tools.*.strict}.
     */
    public static Optional<String> rejectedFieldPath(String message) {
        if (message == null) return Optional.empty();
        String path = null;
        Matcher m = EXTRANEOUS_KEY.matcher(message);
        if (m.find()) {
            String location = m.group(1).substring(1).replace('/', '.');
            if (location.startsWith(".")) location = location.substring(1);
            path = location.isEmpty() ? m.group(2).trim() : location + "." + m.group(2).trim();
        } else {
            m = EXTRA_INPUTS.matcher(message);
            if (m.find()) path = m.group(1);
        }
        if (path == null) return Optional.empty();
        path = INDEX.matcher(path).replaceAll("*");
        return PROTECTED.contains(path) ? Optional.empty() : Optional.of(path);
    }

    /**
     * Bedrock's ways of saying the prompt does not fit the context window. Not Anthropic's "input
     * length and `max_tokens` exceed context limit", which Claude Code parses itself to lower
     * max_tokens, so that one must reach the client unchanged.
     */
    public static boolean isContextOverflow(String message) {
        if (message == null) return false;
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("exceed context limit")) return false;
        for (String s : CONTEXT_OVERFLOW) {
            if (lower.contains(s)) return true;
        }
        return false;
    }

    /** A ValidationException about the size of the request body (Bedrock's limit is 20 MB). */
    public static boolean isPayloadTooLarge(String message) {
        if (message == null) return false;
        String lower = message.toLowerCase(Locale.ROOT);
        for (String s : PAYLOAD_TOO_LARGE) {
            if (lower.contains(s)) return true;
        }
        return false;
    }
}
