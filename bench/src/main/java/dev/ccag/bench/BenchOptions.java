package dev.ccag.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line settings of a run ({@code --name=value}). run.sh fills in the addresses and process
 * ids of what it started; the rest has defaults.
 *
 * @param smoke      a short run that proves each route answers correctly, with no timing claims
 * @param scale      multiplies request counts and durations of the full run
 * @param workloads  ids of the workloads to run, or "all"
 * @param revision   the git commit the jars were built from, as run.sh saw it
 * @param clockTicks Linux USER_HZ, to turn /proc CPU ticks into time
 * @param streamLevels      the concurrent-streams workload's levels (streams open at once), ramped in order
 * @param streamDeltas      text deltas per stream of that workload
 * @param streamPaceMs      the emulator's pause between two deltas
 * @param streamHoldSeconds how long each level is held (scaled down by {@code --scale} below 1)
 * @param heldWaitMs        how long the emulator waits before it answers in the held-concurrency workload
 *                          ({@code c64-held}): Bedrock's think time, which keeps the requests in flight
 * @param gatewayJvm        the gateway's JVM flags, for the report
 * @param gatewayB          a second gateway (another build) measured as the route "gateway-b", or null
 * @param gatewayBPid       its process id (0 when there is none)
 * @param client            the throughput workloads' load generator: {@code event-loop} (default; a few
 *                          selector threads, as wrk) or {@code threads} (a blocking thread per connection,
 *                          the client of the runs before session 7, for comparisons with them)
 * @param quietWindowSeconds the warm-up's last rounds count the gateway as warm when its JIT compiler
 *                          threads used under 3 % of a core over the rounds of at least this many seconds
 *                          (0: over the last round alone)
 */
public record BenchOptions(String direct, String nginx, String gateway, String key, long gatewayPid, long emulatorPid,
                           long nginxPid, boolean smoke, double scale, List<String> workloads, Path out,
                           String command, String revision, int clockTicks, String accessKeyId, String secretAccessKey, String region,
                           List<Integer> streamLevels, int streamDeltas, long streamPaceMs, double streamHoldSeconds, long heldWaitMs,
                           String gatewayJvm, String gatewayB, long gatewayBPid, LoadClient client, double quietWindowSeconds) {

    public static BenchOptions parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument " + a);
            int eq = a.indexOf('=');
            m.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        return new BenchOptions(
                required(m, "direct"), m.get("nginx"), required(m, "gateway"), required(m, "key"),
                Long.parseLong(m.getOrDefault("gateway-pid", "0")), Long.parseLong(m.getOrDefault("emulator-pid", "0")),
                Long.parseLong(m.getOrDefault("nginx-pid", "0")), Boolean.parseBoolean(m.getOrDefault("smoke", "false")),
                Double.parseDouble(m.getOrDefault("scale", "1")), List.of(m.getOrDefault("workloads", "all").split(",")),
                m.containsKey("out") ? Path.of(m.get("out")) : null, m.getOrDefault("command", "bench/run.sh"), m.getOrDefault("revision", "unknown"),
                Integer.parseInt(m.getOrDefault("clock-ticks", "100")),
                m.getOrDefault("access-key-id", "CCAGEMULATORKEY0001"),
                m.getOrDefault("secret-access-key", "ccag-emulator-secret-not-a-real-key"),
                m.getOrDefault("region", "us-east-1"),
                java.util.Arrays.stream(m.getOrDefault("stream-levels", "250,500,1000,2000").split(","))
                        .map(String::trim).map(Integer::parseInt).toList(),
                Integer.parseInt(m.getOrDefault("stream-deltas", "60")),
                Long.parseLong(m.getOrDefault("stream-pace-ms", "100")),
                Double.parseDouble(m.getOrDefault("stream-hold", "10")),
                Long.parseLong(m.getOrDefault("held-wait-ms", "50")),
                m.getOrDefault("gateway-jvm", ""), m.get("gateway-b"), Long.parseLong(m.getOrDefault("gateway-b-pid", "0")),
                LoadClient.of(m.getOrDefault("client", "event-loop")),
                Double.parseDouble(m.getOrDefault("quiet-window", "0")));
    }

    public boolean runs(String workloadId) {
        return workloads.contains("all") || workloads.contains(workloadId);
    }

    /** A request count: the full figure scaled, or the smoke figure. */
    public int count(int full, int smoke) {
        return this.smoke ? smoke : Math.max(1, (int) (full * scale));
    }

    public double seconds(double full, double smoke) {
        return this.smoke ? smoke : full * scale;
    }

    /** Responses per worker checked in full; the smoke run checks every one. */
    public int checkFirst() {
        return smoke ? Integer.MAX_VALUE : 20;
    }

    private static String required(Map<String, String> m, String name) {
        String v = m.get(name);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + name + "= is required");
        return v;
    }
}
