package dev.ccag.bench;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The whole run: machine facts, warm-up, workloads, resources, targets. */
public final class Suite {
    private final BenchContext ctx;
    private final Scenarios scenarios = new Scenarios();
    private final Map<String, Map<String, Long>> rss = new LinkedHashMap<>();

    public Suite(BenchContext ctx) {
        this.ctx = ctx;
    }

    public List<Workload> workloads() {
        return List.of(
                new LatencyWorkload("small", "Non-streaming, small request",
                        "A one-line prompt and a one-line answer (`stream: false`).",
                        scenarios::small, 20_000, 100, false),
                new LatencyWorkload("stream", "Streaming, " + Scenarios.STREAM_DELTAS + " text deltas",
                        "A streamed answer of " + Scenarios.STREAM_CHARS + " characters in " + Scenarios.STREAM_DELTAS
                                + " `content_block_delta` events, sent by the emulator without pauses (`[[emu:chunks "
                                + Scenarios.STREAM_DELTAS + "]]`), so the figures show the relay's own cost. TTFB is the "
                                + "first byte of the response body (the `message_start` event), total the last byte.",
                        scenarios::streaming, 2_000, 30, true),
                new LatencyWorkload("claude-code", "Non-streaming, 150 KB Claude Code-shaped request",
                        "A " + Scenarios.CLAUDE_CODE_BYTES / 1024 + " KB body shaped like Claude Code's main loop late in a session "
                                + "(system prompt with cache breakpoint, 40 tool definitions, a history of tool calls and results, "
                                + "Claude Code's `anthropic-beta` header) and a one-line answer.",
                        scenarios::claudeCode, 3_000, 30, false),
                new LatencyWorkload("claude-code-2m", "Non-streaming, 2 MB Claude Code-shaped request",
                        "The same shape grown to " + Scenarios.CLAUDE_CODE_LARGE_BYTES / (1024 * 1024) + " MB (a long session with "
                                + "many large files read) and a one-line answer.",
                        scenarios::claudeCodeLarge, 300, 3, false),
                new ThroughputWorkload(16, scenarios::small, 15, 1),
                new ThroughputWorkload(64, scenarios::small, 15, 1),
                ThroughputWorkload.held(64, ctx.options().heldWaitMs(), scenarios::slowSmall, 15, 1),
                new ThroughputWorkload(256, scenarios::small, 15, 1),
                new StreamsWorkload(scenarios));
    }

    public void run() throws Exception {
        BenchOptions o = ctx.options();
        Report report = ctx.report();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        report.line("# CCAG benchmark " + (o.smoke() ? "(smoke run: correctness only, timings mean nothing)" : "report"))
                .line("")
                .line("- Date: " + now)
                .line("- Command: `" + o.command() + "` (" + o.revision() + ")")
                .line("- Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (`nproc`), " + Machine.cpuModel()
                        + ", Linux " + Machine.kernel())
                .line("- JDK (gateway, emulator, load generator): " + Machine.jdk())
                .line("- Gateway JVM flags: " + (o.gatewayJvm().isBlank() ? "none (JVM defaults, which `./ccag start` does not use)" : "`" + o.gatewayJvm() + "`"))
                .line("- Routes: " + String.join(", ", ctx.routes().stream().map(Route::name).toList())
                        + (ctx.hasNginx() ? "" : " (nginx not available: its rows are missing)"))
                .line("- Load average at start: " + Machine.loadAverage())
                .line("");
        report.paragraph("All processes run on this machine over loopback and share its cores with the load generator, "
                + "a raw-socket keep-alive HTTP/1.1 client that sends pre-built requests (Bedrock calls signed with SigV4 "
                + "before the clock starts, re-signed once a minute): one blocking thread at concurrency 1, event-loop "
                + "threads for the throughput workloads, a virtual thread per stream for the streams. *direct* calls the emulator's Bedrock API; *nginx* is "
                + "a plain reverse proxy in front of it (`proxy_buffering off`, upstream keep-alive); *gateway* is CCAG "
                + "with its full pipeline and access log, called with the Anthropic Messages API. The direct and nginx "
                + "calls carry the exact Bedrock body the gateway sends for the same Anthropic request.");
        recordRss("idle (after start-up)");
        warmUp();
        recordRss("after warm-up");
        for (Workload w : workloads()) {
            if (!o.runs(w.id())) continue;
            System.err.println("bench: " + w.id());
            w.run(ctx);
        }
        recordRss("after the workloads");
        writeResources();
        Targets.write(ctx);
        report.paragraph("Load average at the end: " + Machine.loadAverage() + ". Failed requests: " + ctx.errors() + ".");
    }

    /**
     * Lets the JIT compile the hot paths of all three routes before anything is measured. Two thirds
     * run at concurrency 2 and the rest at 16: the gateway serves a few requests at a time on its
     * platform threads and more on virtual threads, and each kind has code paths of its own (the
     * virtual thread's park and the poller) that would otherwise be compiled during the first
     * workload above four, the streams on a run of them alone.
     */
    private void warmUp() throws Exception {
        int gatewaySmall = ctx.options().count(30_000, 50);
        long start = System.nanoTime();
        System.err.println("bench: warm-up");
        List<Scenario> all = List.of(scenarios.small(ctx), scenarios.streaming(ctx), scenarios.claudeCode(ctx));
        int[] gatewayCounts = {gatewaySmall, gatewaySmall / 20, gatewaySmall / 20};
        for (Route r : ctx.routes()) {
            for (int concurrency : WARM_UP_CONCURRENCY) {
                for (int i = 0; i < all.size(); i++) {
                    Scenario s = all.get(i);
                    int total = r.anthropic() ? gatewayCounts[i] : Math.max(10, gatewayCounts[i] / 3);
                    int n = concurrency == WARM_UP_CONCURRENCY[0] ? total - total / 3 : Math.max(concurrency, total / 3);
                    LoadRunner.RunResult result = LoadRunner.run(r, s.request(r), concurrency, LoadRunner.Stop.after(n), s.check(r),
                            ctx.options().checkFirst());
                    ctx.addErrors(result, "warm-up " + s.name());
                }
            }
        }
        String untilQuiet = warmUntilTheJitIsQuiet(all);
        ctx.report().paragraph("Warm-up (not measured): " + gatewaySmall + " small, " + gatewayCounts[1] + " streaming and "
                + gatewayCounts[2] + " 150 KB requests through the gateway, a third of that direct and through nginx, "
                + "two thirds at concurrency " + WARM_UP_CONCURRENCY[0] + " and the rest at " + WARM_UP_CONCURRENCY[1]
                + untilQuiet + "; took " + Report.num((System.nanoTime() - start) / 1e9, 0) + " s.");
    }

    /** Most extra warm-up rounds, and the JIT's share of a core in a round below which the gateway counts as warm. */
    private static final int MAX_QUIET_ROUNDS = 15;
    private static final double QUIET_SHARE = 0.03;

    /**
     * Repeats a round of the same requests at concurrency 64 through each gateway route until its
     * JIT compiler threads use under 3 % of a core during a round. A fixed count leaves the JIT
     * compiling through the first measured workloads on a slow machine (measured: a quarter of the
     * gateway's CPU during concurrency 64 after 18,000 warm-up requests), which then measures the
     * compiler, not the gateway.
     */
    private String warmUntilTheJitIsQuiet(List<Scenario> all) throws Exception {
        List<ProcessStats.Group> gateways = ctx.processes().stream().filter(ProcessStats.Group::gateway).toList();
        List<Route> routes = ctx.routes().stream().filter(Route::anthropic).toList();
        if (gateways.isEmpty() || routes.isEmpty()) return "";
        double window = ctx.options().smoke() ? 0 : ctx.options().quietWindowSeconds();
        // A round lasts about a second here: a window needs that many rounds more before it can count.
        int maxRounds = ctx.options().smoke() ? 1 : MAX_QUIET_ROUNDS + (int) Math.ceil(window);
        int small = ctx.options().count(3_000, 20);
        int[] counts = {small, small / 20, small / 20};
        double share = 1;
        int rounds = 0;
        QuietWindow quiet = new QuietWindow(window);
        while (rounds < maxRounds && share >= QUIET_SHARE) {
            long[] before = gateways.stream().mapToLong(ProcessStats.Group::compilerTicks).toArray();
            long t0 = System.nanoTime();
            for (Route r : routes) {
                for (int i = 0; i < all.size(); i++) {
                    Scenario s = all.get(i);
                    LoadRunner.RunResult result = LoadRunner.run(r, s.request(r), QUIET_CONCURRENCY,
                            LoadRunner.Stop.after(Math.max(QUIET_CONCURRENCY, counts[i])), s.check(r), ctx.options().checkFirst());
                    ctx.addErrors(result, "warm-up " + s.name());
                }
            }
            double[] compiled = new double[gateways.size()];
            for (int g = 0; g < gateways.size(); g++) {
                compiled[g] = (gateways.get(g).compilerTicks() - before[g]) * ctx.msPerTick() / 1000.0;
            }
            quiet.add((System.nanoTime() - t0) / 1e9, compiled);
            share = quiet.share();
            rounds++;
        }
        return ", then " + rounds + " round" + (rounds == 1 ? "" : "s") + " of " + counts[0] + " small, " + counts[1]
                + " streaming and " + counts[2] + " 150 KB requests at " + QUIET_CONCURRENCY + " until the gateway's JIT "
                + "compiler threads used under " + Report.num(QUIET_SHARE * 100, 0) + " % of a core "
                + (window > 0 ? "over the last " + Report.num(window, 0) + " s of rounds" : "in a round") + " (the last: "
                + Report.num(share * 100, 1) + " %" + (share >= QUIET_SHARE ? ", the most rounds allowed" : "") + ")";
    }

    /** Below and above the gateway's four platform request threads ({@code ccag.server.platform-threads}). */
    private static final int[] WARM_UP_CONCURRENCY = {2, 16};
    /**
     * The rounds until the JIT is quiet run at the throughput workloads' concurrency: at 16 the JIT
     * still compiled through the first of them (measured: 9 % of the gateway's samples during
     * concurrency 64, virtual-thread parking and the ledger's full batches among the methods).
     */
    private static final int QUIET_CONCURRENCY = 64;

    private void recordRss(String when) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ProcessStats.Group g : ctx.processes()) m.put(g.name(), g.rssKib());
        rss.put(when, m);
        Long gateway = m.get(Route.GATEWAY);
        if (gateway != null && when.startsWith("idle")) ctx.finding("rss.gateway.idle", gateway / 1024.0);
    }

    private void writeResources() {
        if (ctx.processes().isEmpty()) return;
        List<String> header = new ArrayList<>(List.of("resident memory (MiB)"));
        for (ProcessStats.Group g : ctx.processes()) header.add(g.name());
        List<List<String>> rows = new ArrayList<>();
        rss.forEach((when, values) -> {
            List<String> row = new ArrayList<>(List.of(when));
            values.values().forEach(kib -> row.add(Report.num(kib / 1024.0, 0)));
            rows.add(row);
        });
        ctx.report().heading("Memory").paragraph("VmRSS from /proc/PID/status (the gateway with the JVM flags above; the "
                        + "emulator and the load generator with JVM defaults). With many streams open: see the streams section.")
                .table(header, rows);
    }
}
