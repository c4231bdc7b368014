package dev.ccag.bench;

/**
 * One way to the emulator: straight to it, through nginx, or through the gateway. The first two
 * speak Bedrock (signed), the gateway speaks the Anthropic Messages API.
 */
public record Route(String name, String host, int port, boolean anthropic) {
    public static final String DIRECT = "direct";
    public static final String NGINX = "nginx";
    public static final String GATEWAY = "gateway";
    /** A second gateway build in an A/B run (BENCH_GATEWAY_B_JAR). */
    public static final String GATEWAY_B = "gateway-b";

    public static Route parse(String name, String hostPort, boolean anthropic) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException(name + ": expected host:port, got " + hostPort);
        return new Route(name, hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), anthropic);
    }
}
