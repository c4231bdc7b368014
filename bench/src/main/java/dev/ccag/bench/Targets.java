package dev.ccag.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The overhead targets of issues 2 and 7, checked against the run's findings. */
public final class Targets {
    private Targets() {}

    /** {@code strict}: the figure must be below the limit, not just at most it. */
    record Target(String issue, String what, String finding, double limit, boolean atLeast, boolean strict, String unit) {}

    static final List<Target> ALL = List.of(
            new Target("2", "small body, concurrency 1: added p50 < 1 ms", "small.gateway.added.p50", 1.0, false, true, "ms"),
            new Target("7", "small body, concurrency 1: added p50 ≤ 0.3 ms", "small.gateway.added.p50", 0.3, false, false, "ms"),
            new Target("7", "small body, concurrency 1: added p99 ≤ 1 ms", "small.gateway.added.p99", 1.0, false, false, "ms"),
            new Target("7", "150 KB Claude Code body: added p99 ≤ 2 ms", "claude-code.gateway.added.p99", 2.0, false, false, "ms"),
            new Target("7", "concurrency 64: added p99 ≤ 5 ms", "c64.gateway.added.p99", 5.0, false, false, "ms"),
            new Target("7", "concurrency 64: throughput ≥ 70 % of nginx", "c64.gateway.throughput.vs-nginx", 0.70, true, false, "×"));

    public static void write(BenchContext ctx) {
        Map<String, Double> f = ctx.findings();
        List<List<String>> rows = new ArrayList<>();
        for (Target t : ALL) {
            Double v = f.get(t.finding());
            if (v == null) continue;
            boolean met = t.atLeast() ? v >= t.limit() : t.strict() ? v < t.limit() : v <= t.limit();
            String figure = t.unit().equals("ms") ? Report.num(v, 3) + " ms" : Report.num(100 * v, 0) + " %";
            rows.add(List.of("#" + t.issue(), t.what(), figure, met ? "met" : "**missed**"));
        }
        if (rows.isEmpty()) return;
        ctx.report().heading("Targets").table(List.of("issue", "target", "measured", "verdict"), rows, 2);
    }
}
