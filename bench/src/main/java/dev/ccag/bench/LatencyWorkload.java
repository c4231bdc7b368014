package dev.ccag.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request at a time on each route. The routes take turns in several rounds, so a burst of
 * background load on the machine hits all of them alike instead of one.
 */
public final class LatencyWorkload implements Workload {
    /** Prepares the scenario once the routes are up. */
    @FunctionalInterface
    public interface ScenarioFactory {
        Scenario create(BenchContext ctx) throws Exception;
    }

    private static final int ROUNDS = 5;
    private final String id;
    private final String title;
    private final String description;
    private final ScenarioFactory scenario;
    private final int fullCount;
    private final int smokeCount;
    private final boolean streaming;

    public LatencyWorkload(String id, String title, String description, ScenarioFactory scenario,
                           int fullCount, int smokeCount, boolean streaming) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.scenario = scenario;
        this.fullCount = fullCount;
        this.smokeCount = smokeCount;
        this.streaming = streaming;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        Scenario s = scenario.create(ctx);
        int perRoute = ctx.options().count(fullCount, smokeCount);
        int rounds = ctx.options().smoke() ? 1 : ROUNDS;
        Map<String, RouteTally> tallies = new LinkedHashMap<>();
        for (Route r : ctx.routes()) tallies.put(r.name(), new RouteTally(r));
        for (int round = 0; round < rounds; round++) {
            for (Route r : ctx.routes()) {
                int n = perRoute / rounds + (round < perRoute % rounds ? 1 : 0);
                tallies.get(r.name()).run(ctx, id, s.request(r), 1, LoadRunner.Stop.after(n), s.check(r));
            }
        }
        write(ctx, tallies, perRoute);
    }

    private void write(BenchContext ctx, Map<String, RouteTally> tallies, int perRoute) {
        Report report = ctx.report().heading(title).paragraph(description + " Concurrency 1, " + perRoute
                + " requests per route in " + (ctx.options().smoke() ? 1 : ROUNDS) + " interleaved rounds. Milliseconds.");
        List<List<String>> rows = new ArrayList<>();
        for (RouteTally t : tallies.values()) {
            Samples.Summary total = t.total.summary();
            if (streaming) {
                Samples.Summary fb = t.firstByte.summary();
                rows.add(List.of(t.route.name(), Integer.toString(total.count()), Report.ms(fb.p50()), Report.ms(fb.p99()),
                        Report.ms(fb.p999()), Report.ms(total.p50()), Report.ms(total.p99()), Report.ms(total.p999()),
                        Long.toString(t.errors)));
            } else {
                rows.add(List.of(t.route.name(), Integer.toString(total.count()), Report.ms(total.p50()), Report.ms(total.p90()),
                        Report.ms(total.p99()), Report.ms(total.p999()), Report.ms(total.max()), Long.toString(t.errors)));
            }
        }
        report.table(streaming
                ? List.of("route", "requests", "TTFB p50", "TTFB p99", "TTFB p99.9", "total p50", "total p99", "total p99.9", "errors")
                : List.of("route", "requests", "p50", "p90", "p99", "p99.9", "max", "errors"), rows);

        Samples.Summary direct = tallies.get(Route.DIRECT).total.summary();
        Samples.Summary directFb = tallies.get(Route.DIRECT).firstByte.summary();
        List<List<String>> added = new ArrayList<>();
        for (RouteTally t : tallies.values()) {
            if (t.route.name().equals(Route.DIRECT)) continue;
            Samples.Summary s = t.total.summary();
            if (streaming) {
                Samples.Summary fb = t.firstByte.summary();
                added.add(List.of(t.route.name(), Report.addedMs(fb.p50() - directFb.p50()), Report.addedMs(fb.p99() - directFb.p99()),
                        Report.addedMs(fb.p999() - directFb.p999()), Report.addedMs(s.p50() - direct.p50()),
                        Report.addedMs(s.p99() - direct.p99()), Report.addedMs(s.p999() - direct.p999())));
                finding(ctx, t, "ttfb.added.p50", fb.p50() - directFb.p50());
                finding(ctx, t, "ttfb.added.p99", fb.p99() - directFb.p99());
                finding(ctx, t, "ttfb.added.p999", fb.p999() - directFb.p999());
                finding(ctx, t, "total.added.p999", s.p999() - direct.p999());
                finding(ctx, t, "total.added.p50", s.p50() - direct.p50());
                finding(ctx, t, "total.added.p99", s.p99() - direct.p99());
            } else {
                added.add(List.of(t.route.name(), Report.addedMs(s.p50() - direct.p50()), Report.addedMs(s.p99() - direct.p99()),
                        Report.addedMs(s.p999() - direct.p999())));
                finding(ctx, t, "added.p50", s.p50() - direct.p50());
                finding(ctx, t, "added.p99", s.p99() - direct.p99());
                finding(ctx, t, "added.p999", s.p999() - direct.p999());
            }
        }
        report.paragraph("Added latency (percentile of the route minus the same percentile direct):");
        report.table(streaming ? List.of("route", "TTFB p50", "TTFB p99", "TTFB p99.9", "total p50", "total p99", "total p99.9")
                : List.of("route", "p50", "p99", "p99.9"), added);
        cpuTable(ctx, tallies.values());
        RouteTally gw = tallies.get(Route.GATEWAY);
        if (gw != null && gw.cpuMs(ctx, Route.GATEWAY) >= 0) ctx.finding(id + ".gateway.cpu-ms", gw.cpuMs(ctx, Route.GATEWAY));
    }

    private void finding(BenchContext ctx, RouteTally t, String name, long nanos) {
        ctx.finding(id + "." + t.route.name() + "." + name, nanos / 1e6);
    }

    /** CPU per request of every process under test, while only that route was loaded. */
    static void cpuTable(BenchContext ctx, Iterable<RouteTally> tallies) {
        if (ctx.processes().isEmpty()) return;
        boolean kernel = !ctx.kernelMemoryThreads().pids().isEmpty();
        List<String> header = new ArrayList<>(List.of("route"));
        for (ProcessStats.Group g : ctx.processes()) header.add(g.name() + " CPU ms/request");
        List<String> gateways = ctx.processes().stream().filter(ProcessStats.Group::gateway).map(ProcessStats.Group::name).toList();
        for (String g : gateways) header.add("of which " + g + " JIT compilers");
        if (kernel) header.add("kernel memory threads CPU ms/s");
        List<List<String>> rows = new ArrayList<>();
        for (RouteTally t : tallies) {
            List<String> row = new ArrayList<>(List.of(t.route.name()));
            for (ProcessStats.Group g : ctx.processes()) row.add(t.cpuMsPerRequest(ctx, g.name()));
            for (String g : gateways) row.add(t.cpuMsPerRequest(ctx, RouteTally.jit(g)));
            if (kernel) row.add(t.kernelMsPerSecond(ctx));
            rows.add(row);
        }
        ctx.report().paragraph("CPU time per request (user + system, from /proc/PID/stat; resolution "
                + Report.num(ctx.msPerTick(), 0) + " ms over the whole run)"
                + (gateways.isEmpty() ? "" : "; \"of which ... JIT compilers\" is the part of that gateway's CPU its C1 and C2 compiler"
                        + " threads took (a gateway still compiling is not at its steady state yet)")
                + (kernel ? "; the last column is what the kernel's memory threads (" + String.join(", ", ProcessStats.KERNEL_MEMORY_THREADS)
                        + ") took per second while the route ran, a core the processes under test did not have then" : "")
                + ":").table(header, rows);
    }
}
