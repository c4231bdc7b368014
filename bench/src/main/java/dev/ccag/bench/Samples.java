package dev.ccag.bench;

import java.util.Arrays;

/** Recorded durations in nanoseconds; every sample is kept so percentiles are exact. */
public final class Samples {
    private long[] values = new long[1024];
    private int size;

    public void add(long nanos) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = nanos;
    }

    public void addAll(Samples other) {
        for (int i = 0; i < other.size; i++) add(other.values[i]);
    }

    public int size() {
        return size;
    }

    public Summary summary() {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        double mean = size == 0 ? 0 : Arrays.stream(sorted).average().orElse(0);
        return new Summary(size, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), at(sorted, 0.999),
                size == 0 ? 0 : sorted[size - 1], (long) mean);
    }

    /** Nearest-rank percentile: the smallest sample with at least {@code q} of all samples at or below it. */
    static long at(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    /** Percentiles in nanoseconds. */
    public record Summary(int count, long p50, long p90, long p99, long p999, long max, long mean) {}
}
