package dev.ccag.bench;

/** The suite's request shapes, each prepared once (one call through the gateway captures its upstream twin). */
public final class Scenarios {
    /** Text deltas of the streaming workload: a realistic answer streams token-sized pieces. */
    public static final int STREAM_DELTAS = 200;
    public static final int STREAM_CHARS = 1_200;
    /** Size of the Claude Code-shaped body. */
    public static final int CLAUDE_CODE_BYTES = 150 * 1024;

    /** Size of the large Claude Code-shaped body (a long session near the context limit, big files read). */
    public static final int CLAUDE_CODE_LARGE_BYTES = 2 * 1024 * 1024;

    private Scenario small;
    private Scenario slowSmall;
    private Scenario claudeCodeLarge;
    private Scenario paced;
    private Scenario streaming;
    private Scenario claudeCode;

    public synchronized Scenario small(BenchContext ctx) throws Exception {
        if (small == null) {
            small = Scenario.prepare("small", ctx, Bodies.small(), null,
                    ResponseCheck.message(Bodies.SHORT_REPLY), ResponseCheck.message(Bodies.SHORT_REPLY));
        }
        return small;
    }

    /** The small request answered after the emulator waited {@code --held-wait-ms} (prepared once). */
    public synchronized Scenario slowSmall(BenchContext ctx) throws Exception {
        if (slowSmall == null) {
            slowSmall = Scenario.prepare("small-after-wait", ctx, Bodies.slowSmall(ctx.options().heldWaitMs()), null,
                    ResponseCheck.message(Bodies.SHORT_REPLY), ResponseCheck.message(Bodies.SHORT_REPLY));
        }
        return slowSmall;
    }

    public synchronized Scenario streaming(BenchContext ctx) throws Exception {
        if (streaming == null) {
            streaming = Scenario.prepare("stream", ctx, Bodies.streaming(STREAM_DELTAS, STREAM_CHARS), null,
                    ResponseCheck.sse(STREAM_DELTAS), ResponseCheck.eventStream(STREAM_DELTAS));
        }
        return streaming;
    }

    public synchronized Scenario claudeCode(BenchContext ctx) throws Exception {
        if (claudeCode == null) {
            claudeCode = Scenario.prepare("claude-code-150k", ctx, ClaudeCodeBody.build(CLAUDE_CODE_BYTES, Bodies.SHORT_REPLY),
                    Bodies.CLAUDE_CODE_BETAS, ResponseCheck.message(Bodies.SHORT_REPLY), ResponseCheck.message(Bodies.SHORT_REPLY));
        }
        return claudeCode;
    }

    public synchronized Scenario claudeCodeLarge(BenchContext ctx) throws Exception {
        if (claudeCodeLarge == null) {
            claudeCodeLarge = Scenario.prepare("claude-code-2m", ctx, ClaudeCodeBody.build(CLAUDE_CODE_LARGE_BYTES, Bodies.SHORT_REPLY),
                    Bodies.CLAUDE_CODE_BETAS, ResponseCheck.message(Bodies.SHORT_REPLY), ResponseCheck.message(Bodies.SHORT_REPLY));
        }
        return claudeCodeLarge;
    }

    /** The long-lived stream: {@code deltas} text deltas, {@code paceMs} apart (prepared once; the first call's settings win). */
    public synchronized Scenario paced(BenchContext ctx, int deltas, long paceMs) throws Exception {
        if (paced == null) {
            int chars = deltas * 6;
            paced = Scenario.prepare("paced-stream", ctx, Bodies.pacedStreaming(deltas, chars, paceMs), null,
                    ResponseCheck.sse(deltas), ResponseCheck.eventStream(deltas));
        }
        return paced;
    }
}
