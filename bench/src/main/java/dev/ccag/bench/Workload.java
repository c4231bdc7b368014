package dev.ccag.bench;

/** One measured part of the suite; writes its own section of the report and its headline findings. */
public interface Workload {
    /** Short id used by {@code --workloads=} and as the prefix of its findings. */
    String id();

    void run(BenchContext ctx) throws Exception;
}
