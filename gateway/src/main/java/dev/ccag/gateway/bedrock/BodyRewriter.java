package dev.ccag.gateway.bedrock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * Reduces an Anthropic Messages body to what Bedrock accepts for a model (PROTOCOL §9): a top-level
 * allowlist (Bedrock answers "Extra inputs are not permitted" to anything else), {@code cache_control}
 * keys, tool keys, {@code context_management} edits, and whatever Bedrock refused lately.
 *
 * <p>It edits the client's bytes instead of a parsed tree: one pass over the tokens (the body's
 * {@link JsonTape} when it has one, else Jackson's streaming parser) records the byte ranges to drop
 * or replace, and {@link Plan#render} copies everything else as the client sent it. Text, tool
 * results, thinking blocks and signatures are skipped (on the tape, jumped over), never decoded into
 * strings and never re-encoded: parsing a 150 KB Claude Code body into a tree and writing the tree
 * back cost more of the gateway's CPU than any other part of the request path (decision 0007).
 *
 * <p>Where the client repeats a top-level key, the last one wins, as in a parsed tree; repeated keys
 * further down are passed on as sent, for Bedrock to read as Anthropic's API would.
 */
final class BodyRewriter {
    static final String ANTHROPIC_VERSION = "bedrock-2023-05-31";
    /** The only context_management edit Bedrock is known to accept; Claude Code's clear_thinking is refused. */
    static final String COMPACT_EDIT = "compact_20260112";

    /** Consumed elsewhere (path, operation, betas) or replaced by ours; not reported as removed. */
    static final Set<String> CONSUMED = Set.of("model", "stream", "betas", "anthropic_beta", "anthropic_version");
    static final Set<String> PASS_THROUGH = Set.of("max_tokens", "messages", "system", "tools", "tool_choice",
            "stop_sequences", "temperature", "top_p", "top_k", "metadata", "thinking", "context_management", "output_config");
    static final Set<String> TOOL_KEYS_REFUSED = Set.of("defer_loading", "eager_input_streaming", "custom");

    static final String SYSTEM_CC = "system.*.cache_control.";
    static final String MESSAGE_CC = "messages.*.content.*.cache_control.";
    static final String TOOL_RESULT_CC = "messages.*.content.*.content.*.cache_control.";
    static final String TOOL_CC = "tools.*.cache_control.";

    private final Tokens p;
    private final byte[] in;
    private final ModelFeatures features;
    private final List<LearnedPath> learned;
    private final Edits edits = new Edits();
    /** Where removals are reported; a tool's own list until it is known to stay. */
    private RemovedFields removed;

    private BodyRewriter(Tokens parser, byte[] in, ModelFeatures features, Set<String> learnedPaths, RemovedFields removed) {
        this.p = parser;
        this.in = in;
        this.features = features;
        this.removed = removed;
        List<LearnedPath> paths = new ArrayList<>(learnedPaths.size());
        for (String path : learnedPaths) paths.add(new LearnedPath(path, path.split("\\.")));
        this.learned = paths;
    }

    /**
     * Reads the body and decides every change; nothing is copied until {@link Plan#render}.
     *
     * @param removed receives the paths of what was removed (for metrics and logs)
     */
    static Plan plan(ObjectMapper mapper, byte[] body, ModelFeatures features, Set<String> learnedPaths, RemovedFields removed)
            throws InvalidRequestException {
        return plan(mapper, body, null, features, learnedPaths, removed);
    }

    /**
     * As above, reading {@code tape} instead of tokenising the body when it is the tape of this very array.
     *
     * @param tape the body's tokens as recorded when it arrived, or null
     */
    static Plan plan(ObjectMapper mapper, byte[] body, JsonTape tape, ModelFeatures features, Set<String> learnedPaths,
                     RemovedFields removed) throws InvalidRequestException {
        if (tape != null && tape.body() == body) {
            return new BodyRewriter(new JsonTape.Cursor(tape, mapper), body, features, learnedPaths, removed).top();
        }
        try (JsonParser parser = mapper.createParser(body)) {
            return new BodyRewriter(Tokens.of(parser), body, features, learnedPaths, removed).top();
        } catch (JacksonException e) { // the body was checked on arrival; this guards any other caller
            throw new InvalidRequestException("Request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The decided changes; {@link #render} writes the Bedrock body. */
    static final class Plan {
        private final byte[] in;
        private final Edits edits;
        private final int open;
        private final int close;
        private final boolean version;
        private final boolean anyKept;
        private final List<String> bodyBetas;
        private final boolean contextManagement;
        private boolean rendered;

        private Plan(byte[] in, Edits edits, int open, int close, boolean version, boolean anyKept, List<String> bodyBetas,
                     boolean contextManagement) {
            this.in = in;
            this.edits = edits;
            this.open = open;
            this.close = close;
            this.version = version;
            this.anyKept = anyKept;
            this.bodyBetas = bodyBetas;
            this.contextManagement = contextManagement;
        }

        /** The client's {@code betas} and {@code anthropic_beta} body arrays, in that order, trimmed, empty ones left out. */
        List<String> bodyBetas() {
            return bodyBetas;
        }

        /** Whether {@code context_management} goes to Bedrock (its beta has nothing to accompany otherwise). */
        boolean keepsContextManagement() {
            return contextManagement;
        }

        /**
         * The Bedrock body: {@code anthropic_version} first, the kept fields as sent, {@code anthropic_beta}
         * last when given. Once per plan: the insertions join the plan's edits.
         */
        byte[] render(List<String> anthropicBeta) {
            if (rendered) throw new IllegalStateException("a plan is rendered once");
            rendered = true;
            if (version) {
                edits.insert(open + 1, anyKept ? "\"anthropic_version\":\"" + ANTHROPIC_VERSION + "\","
                        : "\"anthropic_version\":\"" + ANTHROPIC_VERSION + "\"");
            }
            if (!anthropicBeta.isEmpty()) {
                StringBuilder b = new StringBuilder(64);
                if (version || anyKept) b.append(',');
                b.append("\"anthropic_beta\":[");
                for (int i = 0; i < anthropicBeta.size(); i++) {
                    if (i > 0) b.append(',');
                    JsonStrings.quote(anthropicBeta.get(i), b);
                }
                edits.insert(close, b.append(']').toString());
            }
            return edits.apply(in);
        }
    }

    // ---- top level -------------------------------------------------------------------------------

    private static final class TopField {
        final String name;
        final int start;
        /** What was removed inside the value: reported unless the whole key goes as repeated, consumed or not allowed. */
        final RemovedFields inside = new RemovedFields();
        boolean removed;
        boolean silentlyRemoved;
        boolean toolsEmpty;
        boolean dropContextManagement;

        TopField(String name, int start) {
            this.name = name;
            this.start = start;
        }
    }

    private Plan top() throws InvalidRequestException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new InvalidRequestException("Request body must be a JSON object");
        int open = start();
        List<TopField> fields = new ArrayList<>(16);
        Map<String, TopField> last = new HashMap<>();
        List<String> betas = List.of();
        List<String> anthropicBeta = List.of();
        Path root = Path.ROOT;
        RemovedFields outer = removed;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            TopField f = new TopField(p.currentName(), start());
            p.nextToken();
            TopField earlier = last.put(f.name, f);
            if (earlier != null) {
                earlier.removed = true; // the last of a repeated key wins
                earlier.silentlyRemoved = true;
            }
            fields.add(f);
            Path path = root.key(f.name);
            removed = f.inside;
            switch (f.name) {
                case "system" -> blocks(path, SYSTEM_CC);
                case "messages" -> messages(path);
                case "tools" -> f.toolsEmpty = tools(path);
                case "context_management" -> f.dropContextManagement = contextManagement(path);
                case "betas" -> betas = strings();
                case "anthropic_beta" -> anthropicBeta = strings();
                default -> {
                    if (PASS_THROUGH.contains(f.name)) other(path);
                    else p.skipChildren();
                }
            }
            removed = outer;
        }
        int close = start(); // the closing brace: the parser accepts nothing else here

        boolean bothSamplers = last.containsKey("temperature") && last.containsKey("top_p");
        for (TopField f : fields) {
            if (f.removed) continue;
            if (CONSUMED.contains(f.name)) {
                f.removed = true;
                f.silentlyRemoved = true;
            } else if (!PASS_THROUGH.contains(f.name) || !allowedForModel(f.name, bothSamplers)) {
                f.removed = true;
                f.silentlyRemoved = true;
                removed.add(f.name);
            }
        }
        for (TopField f : fields) {
            if (!f.silentlyRemoved) removed.addAll(f.inside);
        }
        TopField tools = kept(last, "tools");
        if (tools != null && tools.toolsEmpty) {
            // Only server tools were sent; Anthropic's API refuses tool_choice without tools, and so does Bedrock.
            tools.removed = true;
            TopField choice = kept(last, "tool_choice");
            if (choice != null) {
                choice.removed = true;
                removed.add("tool_choice");
            }
        }
        TopField cm = kept(last, "context_management");
        if (cm != null && cm.dropContextManagement) {
            cm.removed = true;
            removed.add("context_management");
        }
        boolean version = true;
        for (LearnedPath l : learned) {
            if (l.segments.length != 1) continue;
            if (l.segments[0].equals("anthropic_version")) {
                version = false;
                removed.add(l.path);
            }
            TopField f = kept(last, l.segments[0]);
            if (f != null) {
                f.removed = true;
                removed.add(l.path);
            }
        }

        Members members = new Members(in, edits);
        boolean anyKept = false;
        for (TopField f : fields) {
            members.begin(f.start);
            if (f.removed) members.removeCurrent();
            else anyKept = true;
        }
        members.close(close);
        List<String> bodyBetas = betas.isEmpty() ? anthropicBeta : concat(betas, anthropicBeta);
        return new Plan(in, edits, open, close, version, anyKept, bodyBetas, kept(last, "context_management") != null);
    }

    private static TopField kept(Map<String, TopField> last, String name) {
        TopField f = last.get(name);
        return f == null || f.removed ? null : f;
    }

    private boolean allowedForModel(String name, boolean bothSamplers) {
        return switch (name) {
            case "output_config" -> features.outputConfig();
            case "temperature", "top_k" -> !features.noSamplingParams();
            // Where only one sampler is accepted, Claude Code's temperature wins.
            case "top_p" -> !features.noSamplingParams() && !(features.temperatureXorTopP() && bothSamplers);
            default -> true;
        };
    }

    // ---- the parts that are rewritten ------------------------------------------------------------

    /** system: an array of blocks whose cache_control is sanitised. */
    private void blocks(Path path, String cacheControlPath) {
        arrayOrOther(path, element -> objectOrOther(element, (name, value) -> {
            if (name.equals("cache_control")) cacheControl(value, cacheControlPath);
            else other(value);
            return false;
        }));
    }

    private void messages(Path path) {
        arrayOrOther(path, message -> objectOrOther(message, (name, value) -> {
            if (name.equals("content")) arrayOrOther(value, this::contentBlock);
            else other(value);
            return false;
        }));
    }

    private boolean contentBlock(Path block) {
        return objectOrOther(block, (name, value) -> {
            if (name.equals("cache_control")) {
                cacheControl(value, MESSAGE_CC);
            } else if (name.equals("content")) { // tool_result content
                arrayOrOther(value, inner -> objectOrOther(inner, (innerName, innerValue) -> {
                    if (innerName.equals("cache_control")) cacheControl(innerValue, TOOL_RESULT_CC);
                    else other(innerValue);
                    return false;
                }));
            } else {
                other(value);
            }
            return false;
        });
    }

    private void cacheControl(Path path, String reportPrefix) {
        objectOrOther(path, (name, value) -> {
            if (name.equals("scope") || (name.equals("ttl") && !features.cacheTtl())) {
                p.skipChildren();
                removed.add(reportPrefix + name);
                return true;
            }
            other(value);
            return false;
        });
    }

    /** One tool's facts, gathered while its keys go by. */
    private static final class Tool {
        String type = "";
        boolean named;
    }

    /**
     * @return whether no tool is left (only server tools were sent, or none)
     */
    private boolean tools(Path path) throws InvalidRequestException {
        if (p.currentToken() != JsonToken.START_ARRAY) throw new InvalidRequestException("tools: Input should be a valid list");
        Members members = new Members(in, edits);
        String error = null; // a parsed tree reports the last bad tool; so do we
        int index = -1;
        int left = 0;
        Path element = path.element();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            index++;
            members.begin(start());
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                error = "tools." + index + ": Input should be a valid dictionary";
                continue;
            }
            Tool tool = new Tool();
            RemovedFields outer = removed;
            RemovedFields own = new RemovedFields();
            removed = own;
            object(element, (name, value) -> {
                switch (name) {
                    case "type" -> tool.type = scalarText();
                    case "name" -> tool.named = p.currentToken() == JsonToken.VALUE_STRING && !p.getString().isBlank();
                    case "input_schema" -> inputSchema(value);
                    case "cache_control" -> cacheControl(value, TOOL_CC);
                    default -> {
                        if (TOOL_KEYS_REFUSED.contains(name)) {
                            p.skipChildren();
                            removed.add("tools.*." + name);
                            return true;
                        }
                        other(value);
                    }
                }
                return false;
            });
            removed = outer;
            // Server tools run in the gateway (web search step); any left here cannot reach Bedrock.
            if (tool.type.startsWith("web_search_")) {
                members.removeCurrent();
                removed.add("tools.*(" + tool.type + ")");
                continue;
            }
            if (!tool.named) error = "tools." + index + ".name: Field required";
            removed.addAll(own);
            left++;
        }
        members.close(start());
        if (error != null) throw new InvalidRequestException(error);
        return left == 0;
    }

    /** Claude Code's {@code "type":"custom"} input schemas become {@code "object"}, the only type Bedrock accepts. */
    private void inputSchema(Path path) {
        objectOrOther(path, (name, value) -> {
            if (name.equals("type") && p.currentToken() == JsonToken.VALUE_STRING && p.getString().equals("custom")) {
                int start = start();
                edits.replace(start, JsonStrings.end(in, start), "\"object\"");
            } else {
                other(value);
            }
            return false;
        });
    }

    /** @return whether the whole field must go (no edits Bedrock accepts are left) */
    private boolean contextManagement(Path path) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return true;
        }
        boolean[] editsKept = new boolean[1];
        object(path, (name, value) -> {
            if (!name.equals("edits")) {
                other(value);
                return false;
            }
            editsKept[0] = false;
            if (p.currentToken() != JsonToken.START_ARRAY) {
                p.skipChildren();
                return false;
            }
            Members members = new Members(in, edits);
            Path element = value.element();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                members.begin(start());
                String[] type = {""};
                RemovedFields outer = removed;
                RemovedFields own = new RemovedFields(); // learned paths inside an edit that goes are not reported
                removed = own;
                if (p.currentToken() == JsonToken.START_OBJECT) {
                    object(element, (editName, editValue) -> {
                        if (editName.equals("type")) type[0] = scalarText();
                        else other(editValue);
                        return false;
                    });
                } else {
                    p.skipChildren();
                }
                removed = outer;
                if (COMPACT_EDIT.equals(type[0])) {
                    editsKept[0] = true;
                    removed.addAll(own);
                } else {
                    members.removeCurrent();
                    removed.add("context_management.edits.*(" + type[0] + ")");
                }
            }
            members.close(start());
            return false;
        });
        return !editsKept[0];
    }

    /** The trimmed, non-empty strings of an array; anything else gives none. */
    private List<String> strings() {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<String> values = new ArrayList<>(4);
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_STRING) {
                String s = p.getString().trim();
                if (!s.isEmpty()) values.add(s);
            } else {
                p.skipChildren();
            }
        }
        return values;
    }

    // ---- walking -------------------------------------------------------------------------------

    @FunctionalInterface
    private interface PropertyHandler {
        /** Called with the parser on the value's first token; consumes the value; returns whether the key goes. */
        boolean handle(String name, Path value);
    }

    @FunctionalInterface
    private interface ElementHandler {
        /** Called with the parser on the element's first token; consumes it; returns whether the element goes. */
        boolean handle(Path element);
    }

    private void object(Path path, PropertyHandler handler) {
        Members members = new Members(in, edits);
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            members.begin(start());
            String name = p.currentName();
            p.nextToken();
            String refused = learnedHit(path, name);
            if (refused != null) {
                p.skipChildren();
                members.removeCurrent();
                removed.add(refused);
            } else if (handler.handle(name, path.key(name))) {
                members.removeCurrent();
            }
        }
        members.close(start());
    }

    private void array(Path path, ElementHandler handler) {
        Members members = new Members(in, edits);
        Path element = path.element();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            members.begin(start());
            if (handler.handle(element)) members.removeCurrent();
        }
        members.close(start());
    }

    /** An object walked with {@code handler}; anything else as {@link #other}. Never removes the value itself. */
    private boolean objectOrOther(Path path, PropertyHandler handler) {
        if (p.currentToken() == JsonToken.START_OBJECT) object(path, handler);
        else other(path);
        return false;
    }

    /** An array walked with {@code handler}; anything else as {@link #other}. */
    private void arrayOrOther(Path path, ElementHandler handler) {
        if (p.currentToken() == JsonToken.START_ARRAY) array(path, handler);
        else other(path);
    }

    /** A value nothing is done to, unless a path Bedrock refused lately leads into it. */
    private void other(Path path) {
        JsonToken t = p.currentToken();
        if (learned.isEmpty() || !t.isStructStart() || !learnedBelow(path)) {
            p.skipChildren();
        } else if (t == JsonToken.START_OBJECT) {
            object(path, (name, value) -> {
                other(value);
                return false;
            });
        } else {
            array(path, element -> {
                other(element);
                return false;
            });
        }
    }

    /** A scalar's text as a parsed tree's {@code asString("")} gives it; "" for containers and null. */
    private String scalarText() {
        JsonToken t = p.currentToken();
        if (t.isStructStart()) {
            p.skipChildren();
            return "";
        }
        return t == JsonToken.VALUE_NULL ? "" : p.getString();
    }

    private int start() {
        return p.start();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    // ---- paths Bedrock refused lately (LearnedRejections), e.g. tools.*.strict ------------------

    private record LearnedPath(String path, String[] segments) {}

    /** Where the walk is: keys by name, array elements as {@code null}. */
    private record Path(Path parent, String key, int depth) {
        static final Path ROOT = new Path(null, null, 0);

        Path key(String name) {
            return new Path(this, name, depth + 1);
        }

        Path element() {
            return new Path(this, null, depth + 1);
        }
    }

    /** The learned path that names key {@code name} of the object at {@code path}, or null. */
    private String learnedHit(Path path, String name) {
        for (LearnedPath l : learned) {
            if (l.segments.length != path.depth + 1) continue;
            String last = l.segments[path.depth];
            if (!last.equals("*") && last.equals(name) && leadsTo(l.segments, path)) return l.path;
        }
        return null;
    }

    private boolean learnedBelow(Path path) {
        for (LearnedPath l : learned) {
            if (l.segments.length > path.depth && leadsTo(l.segments, path)) return true;
        }
        return false;
    }

    /** Whether the learned path's first segments name {@code path}; {@code *} or a number matches every element. */
    private static boolean leadsTo(String[] segments, Path path) {
        for (Path q = path; q.depth > 0; q = q.parent) {
            String segment = segments[q.depth - 1];
            if (q.key == null ? !isIndex(segment) : !segment.equals(q.key)) return false;
        }
        return true;
    }

    private static boolean isIndex(String segment) {
        if (segment.equals("*")) return true;
        for (int i = 0; i < segment.length(); i++) {
            if (!Character.isDigit(segment.charAt(i))) return false;
        }
        return !segment.isEmpty();
    }
}
