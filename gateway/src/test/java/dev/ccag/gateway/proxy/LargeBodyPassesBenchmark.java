package dev.ccag.gateway.proxy;

import dev.ccag.gateway.bedrock.BetaPolicy;
import dev.ccag.gateway.bedrock.EndpointProfile;
import dev.ccag.gateway.bedrock.JsonTape;
import dev.ccag.gateway.bedrock.LearnedRejections;
import dev.ccag.gateway.bedrock.ModelCatalog;
import dev.ccag.gateway.bedrock.ModelResolver;
import dev.ccag.gateway.bedrock.RequestTranslator;
import dev.ccag.gateway.bedrock.ResolvedModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The passes over a large Claude Code-shaped body before it goes to Bedrock, timed alone in this JVM:
 * the arrival check ({@link RequestFacts#scan}, which records the tape), and the translation
 * reading the tape or tokenising the body again. Run with
 * {@code ./mvnw -q -B -pl gateway test -Dtest=LargeBodyPassesBenchmark -Dccag.bench=true -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dccag.bench.kb=150} sets the body's size; the table goes to
 * {@code gateway/target/surefire-reports/dev.ccag.gateway.proxy.LargeBodyPassesBenchmark-output.txt}).
 */
@EnabledIfSystemProperty(named = "ccag.bench", matches = "true")
class LargeBodyPassesBenchmark {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final int KB = Integer.getInteger("ccag.bench.kb", 150);
    private static final int CALLS = Integer.getInteger("ccag.bench.calls", 2_000);
    private static final String PROSE = "When you work on a task, read the relevant files first, keep changes small, "
            + "run the tests that cover them, and report what you changed and why. ";
    private static final String CODE = "    public static int sum(int[] values) {\n        int total = 0;\n"
            + "        for (int v : values) total += v;\n        return total;\n    }\n";

    @Test
    void checkThenTranslateWithAndWithoutTheTape() throws Exception {
        byte[] body = claudeCodeBody(KB * 1024);
        RequestTranslator translator = new RequestTranslator(BetaPolicy.loadDefault(), MAPPER);
        ResolvedModel model = new ModelResolver(ModelCatalog.loadDefault())
                .resolve("claude-sonnet-4-5-20250929", new EndpointProfile("e", "us-east-1", null, Map.of()));
        List<String> betas = List.of("claude-code-20250219", "interleaved-thinking-2025-05-14");
        JsonTape tape = RequestFacts.scan(MAPPER, body).tape();
        if (tape == null) throw new IllegalStateException("no tape for the benchmark body");
        byte[] viaTape = translator.messages(body, tape, betas, model, LearnedRejections.View.EMPTY).body();
        byte[] viaTokeniser = translator.messages(body, null, betas, model, LearnedRejections.View.EMPTY).body();
        if (!Arrays.equals(viaTape, viaTokeniser)) throw new IllegalStateException("the two translations differ");

        System.out.printf("%n%,d-byte body, %,d tape bytes; microseconds per call, median of 7 rounds of %,d%n", body.length, tape.bytes(), CALLS);
        System.out.println("| round | check (records the tape) | translate, tokenising again | translate, reading the tape |");
        System.out.println("|---|---:|---:|---:|");
        double[][] rounds = new double[3][10];
        for (int round = 0; round < 10; round++) { // the first three warm up
            rounds[0][round] = time(() -> RequestFacts.scan(MAPPER, body));
            rounds[1][round] = time(() -> translator.messages(body, null, betas, model, LearnedRejections.View.EMPTY));
            rounds[2][round] = time(() -> translator.messages(body, tape, betas, model, LearnedRejections.View.EMPTY));
            if (round >= 3) System.out.printf("| %d | %.1f | %.1f | %.1f |%n", round - 2, rounds[0][round], rounds[1][round], rounds[2][round]);
        }
        System.out.printf("| median | %.1f | %.1f | %.1f |%n", median(rounds[0]), median(rounds[1]), median(rounds[2]));
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static double time(Call call) throws Exception {
        Object sink = null;
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) sink = call.run();
        long nanos = System.nanoTime() - start;
        if (sink == null) throw new IllegalStateException();
        return nanos / 1e3 / CALLS;
    }

    private static double median(double[] all) {
        double[] measured = Arrays.copyOfRange(all, 3, all.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }

    /** Shaped like bench's ClaudeCodeBody: a system prompt, forty tools with schemas, tool calls and file-sized results. */
    static byte[] claudeCodeBody(int targetBytes) {
        ObjectNode body = MAPPER.createObjectNode().put("model", "claude-sonnet-4-5-20250929").put("max_tokens", 32000);
        ArrayNode system = body.putArray("system");
        system.addObject().put("type", "text").put("text", "You are Claude Code, Anthropic's official CLI for Claude.");
        system.addObject().put("type", "text").put("text", PROSE.repeat(40)).putObject("cache_control").put("type", "ephemeral");
        ArrayNode tools = body.putArray("tools");
        for (int i = 0; i < 40; i++) {
            ObjectNode schema = tools.addObject().put("name", "tool_" + i).put("description", PROSE.repeat(3)).putObject("input_schema");
            schema.put("type", "object").put("additionalProperties", false);
            ObjectNode props = schema.putObject("properties");
            for (int p = 0; p < 5; p++) props.putObject("argument_" + p).put("type", p % 2 == 0 ? "string" : "number").put("description", PROSE);
            schema.putArray("required").add("argument_0").add("argument_1");
        }
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", "Please fix the failing test in the sum helper.");
        for (int turn = 0; MAPPER.writeValueAsBytes(body).length < targetBytes - 7_000; turn++) {
            String id = String.format("toolu_bdrk_%024d", turn);
            ArrayNode content = messages.addObject().put("role", "assistant").putArray("content");
            content.addObject().put("type", "text").put("text", "I'll read the next file.");
            content.addObject().put("type", "tool_use").put("id", id).put("name", "Read").putObject("input").put("argument_0", "/src/Sum" + turn + ".java");
            messages.addObject().put("role", "user").putArray("content").addObject().put("type", "tool_result").put("tool_use_id", id)
                    .put("content", CODE.repeat(20));
        }
        body.put("stream", true);
        return MAPPER.writeValueAsBytes(body);
    }
}
