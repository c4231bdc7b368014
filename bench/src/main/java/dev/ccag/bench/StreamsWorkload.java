package dev.ccag.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many concurrent long-lived streams with paced deltas, ramped up level by level (e.g. 250, 500,
 * 1,000, 2,000 open at once) on every route. Each stream is one virtual thread of the load generator
 * with its own small-buffered connection, so thousands cost it little. A stream <b>stalls</b> when
 * its first byte takes more than a second or when more than a second passes between two arrivals of
 * its events, although the emulator sends one every {@code paceMs}. The same level on the direct
 * route shows whether the emulator and the load generator themselves keep time at that level.
 */
public final class StreamsWorkload implements Workload {
    static final long STALL_NANOS = 1_000_000_000L;
    private static final int BUFFER_BYTES = 8 * 1024;

    private final Scenarios scenarios;

    public StreamsWorkload(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    @Override
    public String id() {
        return "streams";
    }

    /** Everything measured for one route at one level. */
    static final class LevelResult {
        final Route route;
        final int level;
        final Samples ttfb = new Samples();
        final Samples maxGap = new Samples();
        final AtomicLong streams = new AtomicLong();
        final AtomicLong stalls = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        volatile String firstError;
        int openMin = Integer.MAX_VALUE;
        int openMax;
        long elapsedNanos;
        long holdNanos;
        final Map<String, Long> cpuTicks = new LinkedHashMap<>();
        final Map<String, Long> rssKib = new LinkedHashMap<>();

        LevelResult(Route route, int level) {
            this.route = route;
            this.level = level;
        }

        boolean clean() {
            // A client is between two streams for a few microseconds now and then, and a sample may catch
            // one or two there: 2 % slack, and one stream more for the small levels.
            return errors.get() == 0 && stalls.get() == 0 && openMin >= level * 0.98 - 1 && streams.get() > 0;
        }

        synchronized void add(RawHttpConnection.Response r) {
            ttfb.add(r.firstBodyNanos());
            maxGap.add(r.maxGapNanos());
        }

        void error(String message) {
            if (errors.getAndIncrement() == 0) firstError = message;
        }
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        BenchOptions o = ctx.options();
        // The smoke run proves the workload works end to end, with short streams so it stays quick.
        int deltas = o.smoke() ? Math.min(10, o.streamDeltas()) : o.streamDeltas();
        long paceMs = o.smoke() ? Math.min(20, o.streamPaceMs()) : o.streamPaceMs();
        Scenario s = scenarios.paced(ctx, deltas, paceMs);
        List<Integer> levels = o.smoke() ? List.of(10, 40) : o.streamLevels();
        double holdSeconds = o.smoke() ? 1 : Math.max(3, o.streamHoldSeconds() * Math.min(1, o.scale()));
        List<LevelResult> results = new ArrayList<>();
        for (int level : levels) {
            for (Route r : ctx.routes()) {
                System.err.printf("bench: streams: %d on %s%n", level, r.name());
                LevelResult result = runLevel(ctx, r, s, level, holdSeconds, deltas * paceMs);
                results.add(result);
                if (result.errors.get() > 0) {
                    System.err.printf("bench: streams %d via %s: %d errors, first: %s%n", level, r.name(), result.errors.get(),
                            result.firstError);
                }
            }
        }
        write(ctx, results, deltas, paceMs, holdSeconds);
    }

    private LevelResult runLevel(BenchContext ctx, Route route, Scenario s, int level, double holdSeconds, long streamMs)
            throws InterruptedException {
        LevelResult result = new LevelResult(route, level);
        RequestSource source = s.request(route);
        ResponseCheck check = s.check(route);
        AtomicInteger open = new AtomicInteger();
        // Starts are spread over one stream's length (at least 2 s), so new streams arrive at the rate
        // of the steady state that follows (level / stream length per second), not in a burst; each
        // client opens its next stream as soon as one ends, so the level stays near its size.
        long rampMs = ctx.options().smoke() ? Math.max(200, streamMs) : Math.min(10_000, Math.max(2_000, streamMs));
        long rampNanos = rampMs * 1_000_000L;
        long start = System.nanoTime();
        long holdFrom = start + rampNanos;
        long deadline = holdFrom + (long) (holdSeconds * 1e9);
        Map<String, Long> ticksBefore = ticks(ctx);
        List<Thread> clients = new ArrayList<>(level);
        for (int i = 0; i < level; i++) {
            long startAt = start + rampNanos * i / level;
            boolean checkFirst = i < 20 || ctx.options().smoke();
            clients.add(Thread.ofVirtual().name("stream-" + route.name() + "-" + i)
                    .start(() -> client(route, source, check, checkFirst, startAt, deadline, open, result)));
        }
        // Sample the number of open streams through the hold, and the processes' memory half-way.
        long rssAt = holdFrom + (deadline - holdFrom) / 2;
        boolean rssTaken = false;
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = System.nanoTime();
            if (now >= holdFrom && now < deadline) {
                int n = open.get();
                result.openMin = Math.min(result.openMin, n);
                result.openMax = Math.max(result.openMax, n);
            }
            if (!rssTaken && now >= rssAt) {
                rssTaken = true;
                for (ProcessStats.Group g : ctx.processes()) result.rssKib.put(g.name(), g.rssKib());
            }
        }
        result.holdNanos = deadline - holdFrom;
        for (Thread t : clients) t.join();
        result.elapsedNanos = System.nanoTime() - start;
        Map<String, Long> ticksAfter = ticks(ctx);
        ticksAfter.forEach((name, t) -> result.cpuTicks.put(name, t - ticksBefore.get(name)));
        if (result.openMin == Integer.MAX_VALUE) result.openMin = 0;
        return result;
    }

    private static void client(Route route, RequestSource source, ResponseCheck check, boolean checkFirst, long startAt,
                               long deadline, AtomicInteger open, LevelResult result) {
        try (RawHttpConnection conn = new RawHttpConnection(route.host(), route.port(), BUFFER_BYTES)) {
            long wait = startAt - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            boolean checkNext = checkFirst;
            while (System.nanoTime() < deadline) {
                conn.keepBody(checkNext);
                byte[] request = source.request();
                RawHttpConnection.Response r;
                open.incrementAndGet();
                try {
                    r = conn.exchange(request);
                } catch (Exception e) {
                    result.error(e.toString());
                    Thread.sleep(100); // a refused connection must not spin
                    continue;
                } finally {
                    open.decrementAndGet();
                }
                result.streams.incrementAndGet();
                if (r.status() != 200) {
                    result.error("HTTP " + r.status());
                    continue;
                }
                if (checkNext) {
                    checkNext = false;
                    String problem = check.problem(conn.body());
                    if (problem != null) {
                        result.error(problem);
                        continue;
                    }
                }
                result.add(r);
                if (r.firstBodyNanos() > STALL_NANOS || r.maxGapNanos() > STALL_NANOS) result.stalls.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Long> ticks(BenchContext ctx) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ProcessStats.Group g : ctx.processes()) m.put(g.name(), g.cpuTicks());
        return m;
    }

    private void write(BenchContext ctx, List<LevelResult> results, int deltas, long paceMs, double holdSeconds) {
        Report report = ctx.report().heading("Concurrent long-lived streams (paced), ramped up");
        report.paragraph("Each stream is a streamed answer of " + deltas + " text deltas sent by the emulator " + paceMs
                + " ms apart (`[[emu:chunks " + deltas + "]] [[emu:pace " + paceMs + "]]`, about " + Report.num(deltas * paceMs / 1000.0, 1)
                + " s per stream). At each level the load generator keeps that many streams open at once (one virtual thread "
                + "and connection each, starts spread over one stream's length, the next stream opened as soon as one ends) for "
                + Report.num(holdSeconds, 0) + " s, then lets the open ones finish. A stream **stalls** when its first byte "
                + "takes more than 1 s or more than 1 s passes between two arrivals of its events. *open* is the number of "
                + "streams open at once during the hold (sampled every 50 ms). Milliseconds.");
        List<List<String>> rows = new ArrayList<>();
        for (LevelResult r : results) {
            Samples.Summary fb = r.ttfb.summary();
            Samples.Summary gap = r.maxGap.summary();
            rows.add(List.of(Report.num(r.level, 0), r.route.name(), r.openMin + "–" + r.openMax, Long.toString(r.streams.get()),
                    Report.ms(fb.p50()), Report.ms(fb.p99()), Report.ms(fb.max()), Report.ms(gap.p50()), Report.ms(gap.p99()),
                    Report.ms(gap.max()), Long.toString(r.stalls.get()), Long.toString(r.errors.get())));
        }
        report.table(List.of("streams", "route", "open", "streams done", "TTFB p50", "TTFB p99", "TTFB max",
                "longest gap p50", "longest gap p99", "longest gap max", "stalled", "errors"), rows, 2);

        if (!ctx.processes().isEmpty()) {
            List<String> header = new ArrayList<>(List.of("streams", "route"));
            for (ProcessStats.Group g : ctx.processes()) header.add(g.name() + " CPU ms/stream");
            for (ProcessStats.Group g : ctx.processes()) header.add(g.name() + " CPU %");
            for (ProcessStats.Group g : ctx.processes()) header.add(g.name() + " RSS MiB");
            List<List<String>> cpu = new ArrayList<>();
            for (LevelResult r : results) {
                List<String> row = new ArrayList<>(List.of(Report.num(r.level, 0), r.route.name()));
                for (ProcessStats.Group g : ctx.processes()) {
                    long t = r.cpuTicks.getOrDefault(g.name(), 0L);
                    row.add(r.streams.get() == 0 ? "–" : Report.num(t * ctx.msPerTick() / r.streams.get(), 2));
                }
                for (ProcessStats.Group g : ctx.processes()) {
                    long t = r.cpuTicks.getOrDefault(g.name(), 0L);
                    row.add(Report.num(100.0 * t * ctx.msPerTick() / (r.elapsedNanos / 1e6), 0));
                }
                for (ProcessStats.Group g : ctx.processes()) row.add(Report.num(r.rssKib.getOrDefault(g.name(), 0L) / 1024.0, 0));
                cpu.add(row);
            }
            report.paragraph("CPU per stream and as a share of one core over the level (ramp, hold and drain), and resident "
                    + "memory half-way through the hold, with the level's streams open:").table(header, cpu, 2);
        }

        // Findings: the largest level each route held clean, and the gateway's memory at 1,000 and 2,000.
        Map<String, Integer> held = new LinkedHashMap<>();
        for (Route route : ctx.routes()) {
            int best = 0;
            boolean broken = false;
            for (LevelResult r : results) {
                if (!r.route.name().equals(route.name())) continue;
                if (r.clean() && !broken) best = r.level;
                else broken = true;
            }
            held.put(route.name(), best);
            ctx.finding("streams." + route.name() + ".held", best);
        }
        for (LevelResult r : results) {
            Long gw = r.rssKib.get(Route.GATEWAY);
            if (r.route.name().equals(Route.GATEWAY) && gw != null) ctx.finding("streams.gateway.rss-mib." + r.level, gw / 1024.0);
            if (r.route.name().equals(Route.GATEWAY)) {
                ctx.finding("streams.gateway.stalls." + r.level, r.stalls.get());
                ctx.finding("streams.gateway.ttfb.p99." + r.level, r.ttfb.summary().p99() / 1e6);
            }
        }
        int maxLevel = results.stream().mapToInt(r -> r.level).max().orElse(0);
        ctx.finding("streams.max-level", maxLevel);
        StringBuilder text = new StringBuilder("Held without a stall or error, all streams open (largest level in a row from the first): ");
        held.forEach((route, n) -> text.append(route).append(' ').append(Report.num(n, 0)).append(", "));
        text.setLength(text.length() - 2);
        report.paragraph(text.append('.').toString());
    }
}
