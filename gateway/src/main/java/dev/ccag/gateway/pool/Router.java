package dev.ccag.gateway.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Orders the endpoints that serve a request: first by the strategy, then by health (healthy, then
 * probing, then cooling down as a last resort), with at most one probe request let through to a
 * probing endpoint per probe interval. Pure computation over in-memory state: no I/O, no locks.
 */
final class Router {
    private Router() {}

    static RoutePlan plan(PoolSnapshot.Eligible eligible, Strategy strategy, String routingKey) {
        List<Candidate> all = eligible.candidates();
        Candidate[] order = all.toArray(new Candidate[0]);
        int top = 0; // the endpoints of the best tier come first (PoolSnapshot.ORDER)
        while (top < order.length && order[top].endpoint().spec().tier() == eligible.topTier()) top++;
        switch (strategy) {
            case STICKY -> {
                long key = Rendezvous.hash(routingKey == null ? "" : routingKey);
                byScore(order, 0, top, key);
                byScore(order, top, order.length, key);
            }
            case WEIGHTED_ROUND_ROBIN -> roundRobin(order, top, eligible);
            case PRIMARY_FALLBACK -> { } // already in tier, weight, name order
        }
        return new RoutePlan(byHealth(order, eligible.topTier()));
    }

    /** Rendezvous order within [from, to): the user's own endpoint first, the next choice second, and so on. */
    private static void byScore(Candidate[] order, int from, int to, long key) {
        if (to - from < 2) return;
        Arrays.sort(order, from, to, (a, b) -> Double.compare(score(b, key), score(a, key)));
    }

    private static double score(Candidate c, long key) {
        return Rendezvous.score(key, c.endpoint().nameHash(), c.endpoint().spec().weight());
    }

    /** Moves the next endpoint of the weighted schedule over the healthy top-tier endpoints to the front. */
    private static void roundRobin(Candidate[] order, int top, PoolSnapshot.Eligible eligible) {
        long mask = 0;
        int members = 0;
        for (int i = 0; i < top && i < 64; i++) {
            if (order[i].endpoint().health().status() == HealthStatus.HEALTHY) {
                mask |= 1L << i;
                members++;
            }
        }
        if (members < 2) return; // nothing to spread; health ordering does the rest
        final long m = mask;
        WeightedSchedule schedule = eligible.schedules().computeIfAbsent(m, k -> {
            List<Integer> weights = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                if ((k & (1L << i)) != 0) weights.add(order[i].endpoint().spec().weight());
            }
            return new WeightedSchedule(weights);
        });
        int nth = schedule.pick();
        int chosen = -1;
        for (int i = 0; i < 64; i++) {
            if ((m & (1L << i)) != 0 && nth-- == 0) {
                chosen = i;
                break;
            }
        }
        Candidate c = order[chosen];
        System.arraycopy(order, 0, order, 1, chosen);
        order[0] = c;
    }

    private static List<Candidate> byHealth(Candidate[] order, Tier topTier) {
        List<Candidate> result = new ArrayList<>(order.length);
        List<Candidate> probing = null;
        List<Candidate> cooling = null;
        Candidate probe = null;
        for (Candidate c : order) {
            EndpointHealth health = c.endpoint().health();
            switch (health.status()) {
                case HEALTHY -> result.add(c);
                case PROBING -> {
                    if (probe == null && c.endpoint().spec().tier() == topTier && health.tryProbe()) {
                        probe = c;
                    } else {
                        if (probing == null) probing = new ArrayList<>(2);
                        probing.add(c);
                    }
                }
                case COOLING_DOWN -> {
                    if (cooling == null) cooling = new ArrayList<>(2);
                    cooling.add(c);
                }
            }
        }
        if (probe != null) result.addFirst(probe); // the test request; failover covers it if the endpoint is still unwell
        if (probing != null) result.addAll(probing);
        if (cooling != null) result.addAll(cooling);
        return result;
    }
}
