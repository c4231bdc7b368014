package dev.ccag.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a workload needs: the routes, the processes to meter, the signer, the report. */
public final class BenchContext {
    public static final String LOAD_GENERATOR = "load generator";
    private final BenchOptions options;
    private final Route direct;
    private final Route nginx;
    private final Route gateway;
    private final Route gatewayB;
    private final BedrockRequestSigner signer;
    private final List<ProcessStats.Group> processes = new ArrayList<>();
    private final ProcessStats.Group kernelMemoryThreads = ProcessStats.kernelMemoryThreads();
    private final Report report;
    /** Headline figures by name (milliseconds or ratios), for the targets table. */
    private final Map<String, Double> findings = new LinkedHashMap<>();
    private long errors;

    public BenchContext(BenchOptions options, Report report) {
        this.options = options;
        this.report = report;
        this.direct = Route.parse(Route.DIRECT, options.direct(), false);
        this.nginx = options.nginx() == null || options.nginx().isBlank() ? null : Route.parse(Route.NGINX, options.nginx(), false);
        this.gateway = Route.parse(Route.GATEWAY, options.gateway(), true);
        this.gatewayB = options.gatewayB() == null || options.gatewayB().isBlank() ? null
                : Route.parse(Route.GATEWAY_B, options.gatewayB(), true);
        this.signer = new BedrockRequestSigner(options.accessKeyId(), options.secretAccessKey(), options.region());
        if (options.emulatorPid() > 0) processes.add(new ProcessStats.Group("emulator", List.of(options.emulatorPid())));
        if (options.nginxPid() > 0) processes.add(new ProcessStats.Group("nginx", ProcessStats.withChildren(options.nginxPid())));
        if (options.gatewayPid() > 0) processes.add(new ProcessStats.Group("gateway", List.of(options.gatewayPid())));
        if (options.gatewayBPid() > 0) processes.add(new ProcessStats.Group(Route.GATEWAY_B, List.of(options.gatewayBPid())));
        // Metered like the servers, so every CPU table shows that the client is not the bottleneck.
        if (!processes.isEmpty()) processes.add(new ProcessStats.Group(LOAD_GENERATOR, List.of(ProcessHandle.current().pid())));
    }

    /** The routes in report order: direct, nginx (when running), gateway, gateway-b (an A/B run). */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>(List.of(direct));
        if (nginx != null) routes.add(nginx);
        routes.add(gateway);
        if (gatewayB != null) routes.add(gatewayB);
        return List.copyOf(routes);
    }

    public Route direct() {
        return direct;
    }

    public Route gateway() {
        return gateway;
    }

    public boolean hasNginx() {
        return nginx != null;
    }

    public String key() {
        return options.key();
    }

    public BedrockRequestSigner signer() {
        return signer;
    }

    public BenchOptions options() {
        return options;
    }

    public Report report() {
        return report;
    }

    public List<ProcessStats.Group> processes() {
        return processes;
    }

    /** Not under test and not in {@link #processes()}: metered to show how much CPU the kernel took meanwhile. */
    public ProcessStats.Group kernelMemoryThreads() {
        return kernelMemoryThreads;
    }

    public ProcessStats.Group process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    public Map<String, Double> findings() {
        return findings;
    }

    public void finding(String name, double value) {
        findings.put(name, value);
    }

    /** Counts failed requests; any makes the run fail. */
    public void addErrors(LoadRunner.RunResult r, String workload) {
        if (r.errors() == 0) return;
        errors += r.errors();
        System.err.printf("bench: %s via %s: %d errors, first: %s%n", workload, r.route().name(), r.errors(), r.firstError());
    }

    public long errors() {
        return errors;
    }

    /** CPU time in milliseconds for one tick. */
    public double msPerTick() {
        return 1000.0 / options.clockTicks();
    }
}
