package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {
    @Test
    void readsThisProcessesCpuTimeAndMemory() {
        long pid = ProcessHandle.current().pid();
        long before = ProcessStats.cpuTicks(pid);
        long spin = System.nanoTime() + 300_000_000L;
        double x = 0;
        while (System.nanoTime() < spin) x += Math.sqrt(x + 1);
        assertThat(x).isPositive();
        assertThat(ProcessStats.cpuTicks(pid)).isGreaterThan(before);
        assertThat(ProcessStats.rssKib(pid)).isGreaterThan(10_000);
        assertThat(ProcessStats.withChildren(pid)).startsWith(pid);
    }

    @Test
    void readsTheJitCompilerThreadsShareOfThisProcess() {
        long pid = ProcessHandle.current().pid();
        // Starting JUnit and AssertJ compiles thousands of methods: well over one 10 ms tick.
        long compiler = ProcessStats.compilerTicks(pid);
        assertThat(compiler).isPositive();
        assertThat(compiler).isLessThanOrEqualTo(ProcessStats.cpuTicks(pid));
    }

    @Test
    void aMissingProcessReadsAsZero() {
        assertThat(ProcessStats.compilerTicks(Long.MAX_VALUE)).isZero();
        assertThat(ProcessStats.cpuTicks(Long.MAX_VALUE)).isZero();
        assertThat(ProcessStats.rssKib(Long.MAX_VALUE)).isZero();
    }
}
