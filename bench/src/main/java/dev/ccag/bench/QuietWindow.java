package dev.ccag.bench;

import java.util.ArrayDeque;

/**
 * The warm-up's test of a quiet JIT: the share of a core each gateway's compiler threads used over
 * the newest warm-up rounds that together last at least the window (the newest round alone for a
 * window of 0). Until the rounds so far span the window, the share is 1: not quiet yet.
 *
 * <p>Why a window: a round lasts about a second, and a JVM compiles in bursts (the methods a writer
 * runs once a second reach their thresholds minutes into a run), so one quiet round can fall between
 * two bursts and end the warm-up while the compilers still take a tenth of the gateway's CPU in the
 * next workload (BENCHMARKS.md, session 16).
 */
final class QuietWindow {
    private final double windowSeconds;
    private final ArrayDeque<double[]> rounds = new ArrayDeque<>();

    QuietWindow(double windowSeconds) {
        if (windowSeconds < 0) throw new IllegalArgumentException("the window cannot be negative");
        this.windowSeconds = windowSeconds;
    }

    /**
     * Adds a round.
     *
     * @param seconds         how long it lasted
     * @param compiledSeconds each gateway's compiler CPU seconds in it
     */
    void add(double seconds, double... compiledSeconds) {
        double[] round = new double[1 + compiledSeconds.length];
        round[0] = seconds;
        System.arraycopy(compiledSeconds, 0, round, 1, compiledSeconds.length);
        rounds.addLast(round);
        // drop the oldest rounds the window does not need
        while (rounds.size() > 1 && spanned() - rounds.peekFirst()[0] >= windowSeconds) rounds.removeFirst();
    }

    /** The largest share of a core any gateway's compilers used over the window; 1 before the rounds span it. */
    double share() {
        double spanned = spanned();
        if (rounds.isEmpty() || spanned <= 0 || spanned < windowSeconds) return 1;
        double worst = 0;
        for (int g = 1; g < rounds.peekFirst().length; g++) {
            double compiled = 0;
            for (double[] r : rounds) compiled += r[g];
            worst = Math.max(worst, compiled / spanned);
        }
        return worst;
    }

    private double spanned() {
        double s = 0;
        for (double[] r : rounds) s += r[0];
        return s;
    }
}
