package dev.ccag.gateway.pool;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Smooth weighted round robin (as in nginx), computed once per set of endpoints: weights 5,1,1 give
 * a a b a c a a rather than a a a a a b c. Picking is one atomic increment and an array read.
 */
final class WeightedSchedule {
    private static final int MAX_LENGTH = 10_000;
    private final int[] sequence;
    private final AtomicLong next = new AtomicLong();

    /** @param weights of the members, in member order; the schedule holds member indexes */
    WeightedSchedule(List<Integer> weights) {
        int n = weights.size();
        int[] w = new int[n];
        long total = 0;
        int gcd = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.max(1, weights.get(i));
            gcd = gcd(gcd, w[i]);
        }
        for (int i = 0; i < n; i++) {
            w[i] /= gcd;
            total += w[i];
        }
        if (total > MAX_LENGTH) { // keep the proportions, not the exact weights, for huge sums
            double scale = (double) MAX_LENGTH / total;
            total = 0;
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(1, (int) Math.round(w[i] * scale));
                total += w[i];
            }
        }
        sequence = new int[(int) total];
        long[] current = new long[n];
        for (int step = 0; step < total; step++) {
            int best = 0;
            for (int i = 0; i < n; i++) {
                current[i] += w[i];
                if (current[i] > current[best]) best = i;
            }
            current[best] -= total;
            sequence[step] = best;
        }
    }

    int pick() {
        return sequence[(int) Math.floorMod(next.getAndIncrement(), (long) sequence.length)];
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
