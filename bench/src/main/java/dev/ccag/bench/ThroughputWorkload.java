package dev.ccag.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A closed loop: {@code concurrency} connections per route, each sending its next request as soon as
 * the last is answered, for a fixed time. With the small request that is saturation (the throughput
 * workloads); with {@link #held} the emulator waits before it answers, so the same number of requests
 * stays in flight at a load every route sustains, and the latencies compare like with like
 * (docs/decisions/0012-concurrency-64-latency-at-equal-load.md).
 */
public final class ThroughputWorkload implements Workload {
    private final String id;
    private final String heading;
    private final String sending;
    private final int concurrency;
    private final LatencyWorkload.ScenarioFactory scenario;
    private final double fullSeconds;
    private final double smokeSeconds;
    /** Back to back with the small request: the cores are the limit (not so when the emulator holds each answer). */
    private final boolean saturates;
    private static final int ROUNDS = 3;

    public ThroughputWorkload(int concurrency, LatencyWorkload.ScenarioFactory scenario, double fullSeconds, double smokeSeconds) {
        this("c" + concurrency, "Throughput, small non-streaming requests, concurrency " + concurrency, "sending back to back",
                concurrency, scenario, fullSeconds, smokeSeconds, true);
    }

    private ThroughputWorkload(String id, String heading, String sending, int concurrency, LatencyWorkload.ScenarioFactory scenario,
            double fullSeconds, double smokeSeconds, boolean saturates) {
        this.id = id;
        this.heading = heading;
        this.sending = sending;
        this.concurrency = concurrency;
        this.scenario = scenario;
        this.fullSeconds = fullSeconds;
        this.smokeSeconds = smokeSeconds;
        this.saturates = saturates;
    }

    /**
     * {@code concurrency} requests held in flight: the small request, which the emulator answers after
     * {@code waitMs} (Bedrock's think time, far shorter than a real model's), on every route alike.
     */
    public static ThroughputWorkload held(int concurrency, long waitMs, LatencyWorkload.ScenarioFactory scenario, double fullSeconds,
            double smokeSeconds) {
        return new ThroughputWorkload("c" + concurrency + "-held", "Concurrency " + concurrency + " held: small requests the emulator answers after "
                + waitMs + " ms", "sending back to back, each request answered by the emulator after " + waitMs + " ms (`[[emu:slow "
                + waitMs + "]]`), so " + concurrency + " requests are in flight on every route at nearly the same load", concurrency,
                scenario, fullSeconds, smokeSeconds, false);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        Scenario s = scenario.create(ctx);
        double seconds = ctx.options().seconds(fullSeconds, smokeSeconds);
        // The routes take turns in rounds, like the concurrency-1 workloads, so a drift of the machine's
        // speed during the workload (common on this VM) hits every route alike instead of the last one.
        int rounds = ctx.options().smoke() ? 1 : ROUNDS;
        double slice = seconds / rounds;
        Map<String, RouteTally> tallies = new LinkedHashMap<>();
        for (Route r : ctx.routes()) tallies.put(r.name(), new RouteTally(r));
        LoadRunner.Driver driver = ctx.options().client().driver();
        for (int round = 0; round < rounds; round++) {
            for (Route r : ctx.routes()) {
                // A short unmeasured ramp first, so connections and pools are warm at this concurrency.
                driver.run(r, s.request(r), concurrency, LoadRunner.Stop.forSeconds(Math.min(1, slice / 4)), s.check(r), 1);
                tallies.get(r.name()).run(ctx, id(), driver, s.request(r), concurrency, LoadRunner.Stop.forSeconds(slice), s.check(r));
            }
        }
        write(ctx, tallies, seconds, rounds);
    }

    private void write(BenchContext ctx, Map<String, RouteTally> tallies, double seconds, int rounds) {
        RouteTally direct = tallies.get(Route.DIRECT);
        RouteTally nginx = tallies.get(Route.NGINX);
        Samples.Summary directSummary = direct.total.summary();
        List<List<String>> rows = new ArrayList<>();
        for (RouteTally t : tallies.values()) {
            Samples.Summary s = t.total.summary();
            double rps = t.requestsPerSecond();
            String vsNginx = nginx == null ? "–" : Report.num(100 * rps / nginx.requestsPerSecond(), 0) + " %";
            String added = t == direct ? "–" : Report.addedMs(s.p99() - directSummary.p99());
            String added999 = t == direct ? "–" : Report.addedMs(s.p999() - directSummary.p999());
            rows.add(List.of(t.route.name(), Report.num(rps, 0), vsNginx, Report.ms(s.p50()), Report.ms(s.p99()),
                    Report.ms(s.p999()), added, added999, Long.toString(t.errors)));
            double cpu = t.cpuMs(ctx, Route.GATEWAY);
            if (t.route.name().equals(Route.GATEWAY) && cpu >= 0) ctx.finding(id() + ".gateway.cpu-ms", cpu);
            if (t != direct) {
                ctx.finding(id() + "." + t.route.name() + ".added.p50", (s.p50() - directSummary.p50()) / 1e6);
                ctx.finding(id() + "." + t.route.name() + ".added.p99", (s.p99() - directSummary.p99()) / 1e6);
                ctx.finding(id() + "." + t.route.name() + ".added.p999", (s.p999() - directSummary.p999()) / 1e6);
                if (nginx != null) ctx.finding(id() + "." + t.route.name() + ".throughput.vs-nginx", rps / nginx.requestsPerSecond());
            }
            ctx.finding(id() + "." + t.route.name() + ".rps", rps);
        }
        ctx.report().heading(heading)
                .paragraph(concurrency + " keep-alive connections per route " + sending + " for "
                        + Report.num(seconds, 0) + " s" + (rounds > 1 ? " in " + rounds + " interleaved rounds of " + Report.num(seconds / rounds, 0)
                        + " s, each" : "") + " after a short ramp. Latencies in milliseconds; the load generator shares the 2 cores. Load generator: "
                        + ctx.options().client().description())
                .table(List.of("route", "requests/s", "vs nginx", "p50", "p99", "p99.9", "p99 added", "p99.9 added", "errors"), rows);
        LatencyWorkload.cpuTable(ctx, tallies.values());
        budgets(ctx, tallies, nginx);
    }

    /**
     * The gateway's CPU per request at which its route would have reached 70 % of nginx's rate in this
     * run ({@link CpuBudget}), beside what it spent: how far a missed ratio is, in the gateway's terms.
     */
    private void budgets(BenchContext ctx, Map<String, RouteTally> tallies, RouteTally nginx) {
        if (!saturates || nginx == null || nginx.requestsPerSecond() == 0 || ctx.processes().isEmpty()) return;
        double nginxAll = nginx.allProcessesCpuMs(ctx);
        List<String> lines = new ArrayList<>();
        for (String name : List.of(Route.GATEWAY, Route.GATEWAY_B)) {
            RouteTally t = tallies.get(name);
            if (t == null || t.requestsPerSecond() == 0) continue;
            double own = t.cpuMs(ctx, name), all = t.allProcessesCpuMs(ctx);
            if (own < 0 || all < own) continue;
            double ratio = t.requestsPerSecond() / nginx.requestsPerSecond();
            double budget = CpuBudget.forShareOfNginx(own, all, ratio, Targets.SHARE_OF_NGINX);
            if (name.equals(Route.GATEWAY)) ctx.finding(id() + ".gateway.cpu-ms.budget-70", budget);
            String check = nginxAll > 0 ? "; nginx's route CPU over this route's predicts " + Report.num(100 * nginxAll / all, 0)
                    + " % of nginx's rate, measured " + Report.num(100 * ratio, 0) + " %" : "";
            lines.add(name + " " + Report.num(budget, 3) + " ms (it spent " + Report.num(own, 3) + check + ")");
        }
        if (lines.isEmpty()) return;
        ctx.report().paragraph("CPU per request at which the route would have reached " + Report.num(100 * Targets.SHARE_OF_NGINX, 0)
                + " % of nginx's requests/s in this run, the other processes' CPU per request and the cores the route used as"
                + " measured (a first-order estimate; `CpuBudget`): " + String.join("; ", lines) + ".");
    }
}
