package dev.ccag.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the load generator. {@code bench/run.sh} starts the processes and calls:
 * <ul>
 *   <li>{@code run --direct=H:P --gateway=H:P --key=K [--nginx=H:P] [--smoke] [--out=FILE] ...}: the suite;
 *       exit status 1 when any request failed</li>
 *   <li>{@code free-ports N}: N free loopback ports, one per line</li>
 *   <li>{@code hotspots FILE.jfr [TOP]}: a Markdown summary of a JFR recording's CPU samples</li>
 * </ul>
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        String cmd = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (cmd) {
            case "run" -> System.exit(run(BenchOptions.parse(rest)));
            case "free-ports" -> freePorts(Integer.parseInt(rest[0])).forEach(System.out::println);
            case "floor-proxy" -> FloorProxy.main(rest);
            case "hotspots" -> System.out.print(JfrHotSpots.summarise(Path.of(rest[0]), rest.length > 1 ? Integer.parseInt(rest[1]) : 15));
            default -> {
                System.err.println("usage: run --direct=H:P --gateway=H:P --key=K [--nginx=H:P] [--smoke] [--out=FILE] | free-ports N | hotspots FILE.jfr [TOP] | floor-proxy PORT UPSTREAM_PORT virtual|platform");
                System.exit(2);
            }
        }
    }

    static int run(BenchOptions options) throws Exception {
        Report report = new Report();
        BenchContext ctx = new BenchContext(options, report);
        new Suite(ctx).run();
        if (options.out() != null) {
            Files.writeString(options.out(), report.toString());
        } else {
            System.out.print(report);
        }
        if (ctx.errors() > 0) {
            System.err.println("bench: FAILED: " + ctx.errors() + " requests failed (see above)");
            return 1;
        }
        return 0;
    }

    static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) sockets.add(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) s.close();
        }
    }
}
