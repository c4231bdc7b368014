package dev.ccag.bench;

/**
 * How much CPU per request a proxy could have spent and still reached a share of nginx's throughput in
 * the same run of a saturating workload: the concurrency-64 target in CPU terms, which a bare ratio
 * does not say (is 64 % a tenth of the gateway's CPU away from 70 %, or a half?).
 *
 * <p>At saturation the cores are the limit, so a route's requests per second are the cores its
 * processes used divided by the CPU they all spent per request (emulator, proxy, load generator).
 * Keeping the cores the gateway's route used and the other processes' CPU per request as measured,
 * the route reaches {@code target} × nginx's rate when its CPU per request is
 * {@code routeCpu × ratio / target}; the proxy's budget is that minus what the others spent. A
 * first-order figure: a cheaper proxy also changes how the others batch their work. Checked against
 * the runs of sessions 16 and 17, where the measured ratio and {@code nginx route CPU / gateway
 * route CPU} agree within two points.
 */
final class CpuBudget {
    private CpuBudget() {}

    /**
     * @param proxyCpu the proxy's own CPU ms per request on its route
     * @param routeCpu every measured process's CPU ms per request on that route, the proxy's included
     * @param ratio    the route's requests per second over nginx's, in the same run
     * @param target   the share of nginx's rate asked for (0.70)
     * @return the proxy's CPU ms per request at which the route would have reached {@code target}
     */
    static double forShareOfNginx(double proxyCpu, double routeCpu, double ratio, double target) {
        if (!(proxyCpu >= 0 && routeCpu >= proxyCpu && ratio > 0 && target > 0)) {
            throw new IllegalArgumentException("need 0 <= proxy CPU <= route CPU and positive ratios, got "
                    + proxyCpu + ", " + routeCpu + ", " + ratio + ", " + target);
        }
        return proxyCpu - routeCpu * (1 - ratio / target);
    }
}
