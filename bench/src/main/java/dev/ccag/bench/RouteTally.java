package dev.ccag.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one route did over one or more runs of a workload, plus the CPU time each process under test
 * spent while only that route was loaded.
 */
final class RouteTally {
    final Route route;
    final Samples total = new Samples();
    final Samples firstByte = new Samples();
    final Map<String, Long> cpuTicks = new LinkedHashMap<>();
    long errors;
    long elapsedNanos;
    /** CPU time of the kernel's memory threads while this route was loaded. */
    long kernelTicks;

    RouteTally(Route route) {
        this.route = route;
    }

    /** Runs one load on this route and adds its samples and the CPU time it cost. */
    LoadRunner.RunResult run(BenchContext ctx, String workload, RequestSource source, int concurrency,
                             LoadRunner.Stop stop, ResponseCheck check) throws InterruptedException {
        return run(ctx, workload, LoadRunner::run, source, concurrency, stop, check);
    }

    /** As above, with the load made by {@code driver}. */
    LoadRunner.RunResult run(BenchContext ctx, String workload, LoadRunner.Driver driver, RequestSource source, int concurrency,
                             LoadRunner.Stop stop, ResponseCheck check) throws InterruptedException {
        Map<String, Long> before = ticks(ctx);
        long kernelBefore = ctx.kernelMemoryThreads().cpuTicks();
        LoadRunner.RunResult r = driver.run(route, source, concurrency, stop, check, ctx.options().checkFirst());
        kernelTicks += ctx.kernelMemoryThreads().cpuTicks() - kernelBefore;
        Map<String, Long> after = ticks(ctx);
        after.forEach((name, t) -> cpuTicks.merge(name, t - before.get(name), Long::sum));
        total.addAll(r.total());
        firstByte.addAll(r.firstByte());
        errors += r.errors();
        elapsedNanos += r.elapsedNanos();
        ctx.addErrors(r, workload);
        return r;
    }

    /** Milliseconds of CPU that {@code process} spent per request of this route. */
    String cpuMsPerRequest(BenchContext ctx, String process) {
        Long ticks = cpuTicks.get(process);
        if (ticks == null || total.size() == 0) return "–";
        return Report.num(ticks * ctx.msPerTick() / total.size(), 3);
    }

    /** As {@link #cpuMsPerRequest}, or -1 when unknown. */
    double cpuMs(BenchContext ctx, String process) {
        Long ticks = cpuTicks.get(process);
        if (ticks == null || total.size() == 0) return -1;
        return ticks * ctx.msPerTick() / total.size();
    }

    /** Milliseconds of CPU all processes under test spent per request of this route, or -1 when unknown. */
    double allProcessesCpuMs(BenchContext ctx) {
        double sum = 0;
        for (ProcessStats.Group g : ctx.processes()) {
            double ms = cpuMs(ctx, g.name());
            if (ms < 0) return -1;
            sum += ms;
        }
        return sum;
    }

    /** Milliseconds of CPU the kernel's memory threads took per second of this route's runs. */
    String kernelMsPerSecond(BenchContext ctx) {
        if (elapsedNanos == 0) return "–";
        return Report.num(kernelTicks * ctx.msPerTick() / (elapsedNanos / 1e9), 0);
    }

    double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : total.size() / (elapsedNanos / 1e9);
    }

    /** The key under which a gateway's JIT compiler threads' ticks are kept beside its own. */
    static String jit(String gateway) {
        return gateway + " JIT";
    }

    private static Map<String, Long> ticks(BenchContext ctx) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ProcessStats.Group g : ctx.processes()) {
            m.put(g.name(), g.cpuTicks());
            if (g.gateway()) m.put(jit(g.name()), g.compilerTicks());
        }
        return m;
    }
}
