package dev.ccag.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** CPU time and resident memory of the processes under test, read from Linux's /proc. */
public final class ProcessStats {
    private ProcessStats() {}

    /** User plus system CPU time of {@code pid} in clock ticks, or 0 when it cannot be read. */
    public static long cpuTicks(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime (fields 14 and 15) of a {@code /proc/.../stat} line. */
    private static long ticks(String stat) {
        // The command name may hold spaces; the fields after its closing parenthesis are fixed.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * CPU time of a JVM's JIT compiler threads ({@code C1/C2 CompilerThread*}, whose kernel names
     * are cut to "C1 CompilerThre" and "C2 CompilerThre") in clock ticks, or 0 when it cannot be read.
     */
    public static long compilerTicks(long pid) {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) sum += ticks(stat);
                } catch (IOException | RuntimeException ignored) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return sum;
    }

    /** Resident set size of {@code pid} in KiB, or 0 when it cannot be read. */
    public static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        return 0;
    }

    /** Kernel threads whose names start with one of these: the kernel's memory management. */
    static final List<String> KERNEL_MEMORY_THREADS = List.of("kdamond", "kswapd", "kcompactd", "khugepaged");

    /**
     * The kernel's memory-management threads ({@link #KERNEL_MEMORY_THREADS}, children of kthreadd),
     * which take CPU from the processes under test without being one of them: on this machine's VM
     * {@code kdamond} (DAMON's proactive reclaim) runs in bursts of up to its quota of 50 ms a second.
     * Long-lived, so their CPU time can be read before and after a run like a process's.
     */
    public static Group kernelMemoryThreads() {
        return new Group("kernel memory threads", children(2, name -> KERNEL_MEMORY_THREADS.stream().anyMatch(name::startsWith)));
    }

    /** {@code pid} and its direct children (nginx's workers under its master). */
    public static List<Long> withChildren(long pid) {
        List<Long> out = new ArrayList<>(List.of(pid));
        out.addAll(children(pid, name -> true));
        return out;
    }

    /** The processes whose parent is {@code parent} (kthreadd is 2) and whose name {@code named} accepts. */
    private static List<Long> children(long parent, Predicate<String> named) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
                try {
                    String stat = Files.readString(Path.of("/proc", n, "stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(f[1]) == parent && named.test(name)) out.add(Long.parseLong(n));
                } catch (IOException | RuntimeException ignored) {
                    // the process ended while we looked
                }
            });
        } catch (IOException ignored) {
            // no /proc
        }
        return List.copyOf(out);
    }

    /** A named set of processes whose CPU time is summed (one JVM, or nginx's master and workers). */
    public record Group(String name, List<Long> pids) {
        public long cpuTicks() {
            long sum = 0;
            for (long pid : pids) sum += ProcessStats.cpuTicks(pid);
            return sum;
        }

        /** A gateway's JVM ("gateway", or "gateway-b" in an A/B run), whose JIT the tables and the warm-up watch. */
        public boolean gateway() {
            return name.startsWith(Route.GATEWAY);
        }

        public long compilerTicks() {
            long sum = 0;
            for (long pid : pids) sum += ProcessStats.compilerTicks(pid);
            return sum;
        }

        public long rssKib() {
            long sum = 0;
            for (long pid : pids) sum += ProcessStats.rssKib(pid);
            return sum;
        }
    }
}
