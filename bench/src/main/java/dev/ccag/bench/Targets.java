package dev.ccag.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The summary at the end of the report: every figure issue 7 names, measured on the gateway route,
 * with its target (issues 2 and 7) where there is one and whether the run met it. Figures of
 * workloads that did not run are left out.
 */
public final class Targets {
    private Targets() {}

    enum Kind { AT_MOST, BELOW, AT_LEAST, NONE }

    /**
     * @param unit "ms", "%" (a ratio shown in per cent), "req/s", "MiB", "streams"
     */
    record Figure(String issue, String what, String finding, Kind kind, double limit, String unit) {}

    /** Issue 7's concurrency-64 target: the gateway's requests/s at least this share of nginx's. */
    static final double SHARE_OF_NGINX = 0.70;

    static final List<Figure> ALL = List.of(
            new Figure("2", "small body, concurrency 1: added p50", "small.gateway.added.p50", Kind.BELOW, 1.0, "ms"),
            new Figure("7", "small body, concurrency 1: added p50", "small.gateway.added.p50", Kind.AT_MOST, 0.3, "ms"),
            new Figure("7", "small body, concurrency 1: added p99", "small.gateway.added.p99", Kind.AT_MOST, 1.0, "ms"),
            new Figure("7", "small body, concurrency 1: added p99.9", "small.gateway.added.p999", Kind.NONE, 0, "ms"),
            new Figure("7", "150 KB Claude Code body: added p50", "claude-code.gateway.added.p50", Kind.NONE, 0, "ms"),
            new Figure("7", "150 KB Claude Code body: added p99", "claude-code.gateway.added.p99", Kind.AT_MOST, 2.0, "ms"),
            new Figure("7", "150 KB Claude Code body: added p99.9", "claude-code.gateway.added.p999", Kind.NONE, 0, "ms"),
            new Figure("7", "2 MB Claude Code body: added p50", "claude-code-2m.gateway.added.p50", Kind.NONE, 0, "ms"),
            new Figure("7", "2 MB Claude Code body: added p99", "claude-code-2m.gateway.added.p99", Kind.NONE, 0, "ms"),
            new Figure("7", "2 MB Claude Code body: added p99.9", "claude-code-2m.gateway.added.p999", Kind.NONE, 0, "ms"),
            new Figure("7", "streaming: TTFB added p50", "stream.gateway.ttfb.added.p50", Kind.NONE, 0, "ms"),
            new Figure("7", "streaming: TTFB added p99", "stream.gateway.ttfb.added.p99", Kind.NONE, 0, "ms"),
            new Figure("7", "streaming: TTFB added p99.9", "stream.gateway.ttfb.added.p999", Kind.NONE, 0, "ms"),
            new Figure("7", "streaming: last byte added p99", "stream.gateway.total.added.p99", Kind.NONE, 0, "ms"),
            new Figure("7", "concurrency 16: throughput", "c16.gateway.rps", Kind.NONE, 0, "req/s"),
            new Figure("7", "concurrency 16: throughput vs nginx", "c16.gateway.throughput.vs-nginx", Kind.NONE, 0, "%"),
            new Figure("7", "concurrency 16: added p99", "c16.gateway.added.p99", Kind.NONE, 0, "ms"),
            new Figure("7", "concurrency 64: throughput", "c64.gateway.rps", Kind.NONE, 0, "req/s"),
            new Figure("7", "concurrency 64: throughput vs nginx", "c64.gateway.throughput.vs-nginx", Kind.AT_LEAST, SHARE_OF_NGINX, "%"),
            new Figure("7", "concurrency 64: gateway CPU per request that would have reached 70 % in this run", "c64.gateway.cpu-ms.budget-70",
                    Kind.NONE, 0, "ms"),
            new Figure("7", "concurrency 64 at saturation (back to back): added p99", "c64.gateway.added.p99", Kind.NONE, 0, "ms"),
            new Figure("7", "concurrency 64 at saturation (back to back): added p99.9", "c64.gateway.added.p999", Kind.NONE, 0, "ms"),
            new Figure("7", "concurrency 64 held (64 in flight, equal load): added p50", "c64-held.gateway.added.p50", Kind.NONE, 0, "ms"),
            new Figure("7", "concurrency 64 held (64 in flight, equal load): added p99", "c64-held.gateway.added.p99", Kind.AT_MOST, 5.0, "ms"),
            new Figure("7", "concurrency 64 held (64 in flight, equal load): added p99.9", "c64-held.gateway.added.p999", Kind.NONE, 0, "ms"),
            new Figure("7", "concurrency 64 held: throughput vs nginx", "c64-held.gateway.throughput.vs-nginx", Kind.NONE, 0, "%"),
            new Figure("7", "concurrency 256: throughput (saturation)", "c256.gateway.rps", Kind.NONE, 0, "req/s"),
            new Figure("7", "concurrency 256: throughput vs nginx", "c256.gateway.throughput.vs-nginx", Kind.NONE, 0, "%"),
            new Figure("7", "concurrency 256: added p99", "c256.gateway.added.p99", Kind.NONE, 0, "ms"),
            new Figure("7", "concurrency 256: added p99.9", "c256.gateway.added.p999", Kind.NONE, 0, "ms"),
            new Figure("7", "gateway CPU per small request, concurrency 1", "small.gateway.cpu-ms", Kind.NONE, 0, "ms"),
            new Figure("7", "gateway CPU per streamed request (200 deltas)", "stream.gateway.cpu-ms", Kind.NONE, 0, "ms"),
            new Figure("7", "gateway CPU per 150 KB request", "claude-code.gateway.cpu-ms", Kind.NONE, 0, "ms"),
            new Figure("7", "gateway CPU per 2 MB request", "claude-code-2m.gateway.cpu-ms", Kind.NONE, 0, "ms"),
            new Figure("7", "gateway CPU per small request, concurrency 64", "c64.gateway.cpu-ms", Kind.NONE, 0, "ms"),
            new Figure("7", "gateway CPU per small request, concurrency 256", "c256.gateway.cpu-ms", Kind.NONE, 0, "ms"),
            new Figure("7", "gateway resident memory, idle", "rss.gateway.idle", Kind.NONE, 0, "MiB"),
            new Figure("7", "gateway resident memory, 1,000 streams open", "streams.gateway.rss-mib.1000", Kind.NONE, 0, "MiB"),
            new Figure("7", "gateway resident memory, 2,000 streams open", "streams.gateway.rss-mib.2000", Kind.BELOW, 1024, "MiB"),
            new Figure("7", "concurrent paced streams held without a stall", "streams.gateway.held", Kind.AT_LEAST, 2000, "streams"),
            new Figure("7", "the same, emulator called directly (the harness's own ceiling)", "streams.direct.held", Kind.NONE, 0, "streams"));

    public static void write(BenchContext ctx) {
        Map<String, Double> f = ctx.findings();
        List<List<String>> rows = new ArrayList<>();
        for (Figure t : ALL) {
            Double v = f.get(t.finding());
            if (v == null) continue;
            boolean met = switch (t.kind()) {
                case AT_MOST -> v <= t.limit();
                case BELOW -> v < t.limit();
                case AT_LEAST -> v >= t.limit();
                case NONE -> true;
            };
            String target = switch (t.kind()) {
                case AT_MOST -> "≤ " + format(t.limit(), t.unit());
                case BELOW -> "< " + format(t.limit(), t.unit());
                case AT_LEAST -> "≥ " + format(t.limit(), t.unit());
                case NONE -> "–";
            };
            String verdict = t.kind() == Kind.NONE ? "–" : met ? "met" : "**missed**";
            if (t.finding().equals("streams.gateway.held") && f.getOrDefault("streams.max-level", 0.0) < t.limit()) {
                verdict = "not tested (levels stop at " + Report.num(f.getOrDefault("streams.max-level", 0.0), 0) + ")";
            }
            rows.add(List.of("#" + t.issue(), t.what(), format(v, t.unit()), target, verdict));
        }
        if (rows.isEmpty()) return;
        ctx.report().heading("Targets and headline figures (gateway route)")
                .paragraph("Added latency is the gateway's percentile minus the same percentile of the emulator called directly. "
                        + "A smoke run's figures mean nothing.")
                .table(List.of("issue", "figure", "measured", "target", "verdict"), rows, 2);
    }

    private static String format(double v, String unit) {
        return switch (unit) {
            case "ms" -> Report.num(v, 3) + " ms";
            case "%" -> Report.num(100 * v, 0) + " %";
            case "req/s" -> Report.num(v, 0) + " req/s";
            case "MiB" -> Report.num(v, 0) + " MiB";
            default -> Report.num(v, 0) + (unit.isEmpty() ? "" : " " + unit);
        };
    }
}
