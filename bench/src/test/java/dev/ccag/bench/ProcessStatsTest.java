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
    void findsOnlyKernelMemoryThreads() throws Exception {
        ProcessStats.Group kernel = ProcessStats.kernelMemoryThreads();
        for (long pid : kernel.pids()) {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            assertThat(ProcessStats.KERNEL_MEMORY_THREADS).anyMatch(name::startsWith);
            assertThat(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]).isEqualTo("2"); // a child of kthreadd
        }
        assertThat(kernel.pids()).doesNotContain(ProcessHandle.current().pid());
        try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) { // every Linux with memory has a kswapd
            long kswapd = procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return java.nio.file.Files.readString(p.resolve("comm")).startsWith("kswapd");
                        } catch (java.io.IOException gone) {
                            return false;
                        }
                    }).count();
            assertThat(kernel.pids().size()).isGreaterThanOrEqualTo((int) kswapd); // none are visible in a container of its own PID namespace
        }
        assertThat(kernel.cpuTicks()).isNotNegative();
    }

    @Test
    void aMissingProcessReadsAsZero() {
        assertThat(ProcessStats.compilerTicks(Long.MAX_VALUE)).isZero();
        assertThat(ProcessStats.cpuTicks(Long.MAX_VALUE)).isZero();
        assertThat(ProcessStats.rssKib(Long.MAX_VALUE)).isZero();
    }
}
