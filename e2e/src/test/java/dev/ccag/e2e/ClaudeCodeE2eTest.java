package dev.ccag.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.emulator.RecordedRequest;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The real Claude Code CLI 2.1.328, headless ({@code claude -p}), through CCAG to the Bedrock emulator.
 * What the CLI sends and how it reacts is recorded in docs/claude-code-traffic.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaudeCodeE2eTest {
    /**
     * A catalog model for the tests that are about something else than model choice. With it the CLI
     * sends a classic conversation (the default 5.x model adds a trailing role-system message and
     * more betas, covered by its own test) and a fixed thinking budget instead of adaptive thinking.
     */
    private static final String MODEL = SdkClients.MODEL;

    private GatewayStack stack;
    private ClaudeCli cli;

    @BeforeAll
    void start() {
        cli = ClaudeCli.locate();
        stack = GatewayStack.start();
    }

    @AfterAll
    void stop() {
        if (stack != null) stack.close();
    }

    @BeforeEach
    void resetEmulator() {
        stack.emulator().reset();
    }

    private ClaudeCli.Run claude() {
        return cli.against(stack.baseUrl(), stack.key());
    }

    /** {@code claude -p PROMPT --model MODEL EXTRA...} */
    private static String[] print(String prompt, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("-p", prompt, "--model", MODEL));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void plainAnswerWithDefaultModelAndApiKey() {
        // No --model: the CLI picks claude-opus-5-5, and ends its messages with a role-system message.
        ClaudeCli.Result result = claude().auth(ClaudeCli.Auth.API_KEY).exec("-p", "Reply with [[emu:text PINEAPPLE-42]]");

        assertSucceeded(result);
        assertThat(result.stdout()).contains("PINEAPPLE-42");
        // The CLI's default model is newer than any table; the gateway must map it by rule.
        assertThat(stack.emulator().requests()).isNotEmpty().allSatisfy(r -> assertThat(r.modelId()).contains("claude-opus-5-5"));
    }

    @Test
    void bashToolLoop() {
        ClaudeCli.Result result = claude().exec(print("Run this: [[emu:bash echo ccag-$((6*7))]]", "--allowedTools", "Bash"));

        assertSucceeded(result);
        // Only a shell that really ran the command can turn ccag-$((6*7)) into ccag-42.
        assertThat(result.stdout()).contains("Tool result received: ccag-42");
        List<RecordedRequest> requests = stack.emulator().requests();
        assertThat(requests).anySatisfy(r -> assertThat(toolResultText(r)).contains("ccag-42"));
        assertThat(requests).anySatisfy(r -> assertThat(hasAssistantToolUse(r, "Bash")).isTrue());
    }

    @Test
    void thinkingWithBudgetIsForwardedAndSentBackSigned() {
        ClaudeCli.Result result = claude().env("MAX_THINKING_TOKENS", "2048")
                .exec(print("Think, then run [[emu:bash echo thought-$((2*21))]]", "--allowedTools", "Bash"));

        assertSucceeded(result);
        assertThat(result.stdout()).contains("thought-42");
        List<RecordedRequest> requests = stack.emulator().requests();
        JsonNode thinking = requests.getFirst().body().path("thinking");
        assertThat(thinking.path("type").asString()).isEqualTo("enabled");
        assertThat(thinking.path("budget_tokens").asInt()).isEqualTo(2048);
        // The follow-up turn carries the emulator's signed thinking block back, and it was accepted.
        assertThat(requests).anySatisfy(r -> assertThat(signedThinkingSentBack(r)).isTrue());
    }

    @Test
    void contextCommandCountsTokens() {
        ClaudeCli.Result result = claude().exec(print("/context"));

        assertSucceeded(result);
        assertThat(result.stdout()).contains("Context Usage");
        assertThat(stack.emulator().requests()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.operation()).isEqualTo("count-tokens"));
    }

    @Test
    void gatewayModelDiscovery() {
        String cache = ".claude/cache/gateway-models.json";
        ClaudeCli.Result result = claude().env("CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY", "1").collect(cache)
                .exec(print("[[emu:text DISCOVERED]]"));

        assertSucceeded(result);
        // The CLI keeps what GET /v1/models returned (claude/anthropic ids only) in this cache file.
        assertThat(result.files()).as("the CLI did not cache a model list: " + result.describe()).containsKey(cache);
        assertThat(result.files().get(cache)).contains(stack.baseUrl()).contains(SdkClients.MODEL);
    }

    @Test
    void promptTooLongIsRecognisedByTheCli() {
        ClaudeCli.Result result = claude().exec(print("[[emu:fault too-long]]"));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stdout()).as(result.describe()).contains("Prompt is too long");
    }

    @Test
    void throttlingIsRetriedAfterRetryAfter() {
        stack.emulator().queueFault("throttling", 1, false);

        ClaudeCli.Result result = claude().exec(print("[[emu:text AFTER-THE-THROTTLE]]"));

        assertSucceeded(result);
        assertThat(result.stdout()).contains("AFTER-THE-THROTTLE");
        assertThat(stack.emulator().requests()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void midStreamErrorFallsBackToNonStreaming() {
        stack.emulator().queueFault("internal", 1, true);

        ClaudeCli.Result result = claude().exec(print("[[emu:text RECOVERED-WITHOUT-STREAM]]"));

        assertSucceeded(result);
        assertThat(result.stdout()).contains("RECOVERED-WITHOUT-STREAM");
        assertThat(stack.emulator().requests()).extracting(RecordedRequest::operation)
                .containsSubsequence("invoke-with-response-stream", "invoke");
    }

    private static void assertSucceeded(ClaudeCli.Result result) {
        assertThat(result.timedOut()).as(result.describe()).isFalse();
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    /** The text of a tool_result in the request's last user message, or "" if there is none. */
    private static String toolResultText(RecordedRequest r) {
        JsonNode lastUser = null;
        for (JsonNode m : r.body().path("messages")) {
            if ("user".equals(m.path("role").asString(""))) lastUser = m;
        }
        if (lastUser == null) return "";
        StringBuilder text = new StringBuilder();
        for (JsonNode block : lastUser.path("content")) {
            if (!"tool_result".equals(block.path("type").asString(""))) continue;
            JsonNode content = block.path("content");
            if (content.isString()) text.append(content.asString());
            for (JsonNode part : content) text.append(part.path("text").asString(""));
        }
        return text.toString();
    }

    private static boolean hasAssistantToolUse(RecordedRequest r, String toolName) {
        return assistantBlocks(r).anyMatch(b -> "tool_use".equals(b.path("type").asString(""))
                && toolName.equals(b.path("name").asString("")));
    }

    private static boolean signedThinkingSentBack(RecordedRequest r) {
        return assistantBlocks(r).anyMatch(b -> "thinking".equals(b.path("type").asString(""))
                && !b.path("signature").asString("").isBlank());
    }

    private static java.util.stream.Stream<JsonNode> assistantBlocks(RecordedRequest r) {
        return StreamSupport.stream(r.body().path("messages").spliterator(), false)
                .filter(m -> "assistant".equals(m.path("role").asString("")))
                .flatMap(m -> StreamSupport.stream(m.path("content").spliterator(), false));
    }
}
