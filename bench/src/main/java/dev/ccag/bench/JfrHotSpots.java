package dev.ccag.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the gateway as Markdown: where the CPU goes (execution samples),
 * which CCAG code it is spent for, how much is allocated where, and the garbage collector's pauses.
 */
public final class JfrHotSpots {
    private static final String CCAG = "dev.ccag.";

    private JfrHotSpots() {}

    public static String summarise(Path recording, int top) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> onStack = new HashMap<>();
        Map<String, Long> byCcagFrame = new HashMap<>();
        Map<String, Long> allocByCcagFrame = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        long gcCount = 0;
        Duration gcTotal = Duration.ZERO;
        Duration gcMax = Duration.ZERO;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            String type = e.getEventType().getName();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    List<RecordedFrame> frames = frames(e);
                    if (frames.isEmpty()) continue;
                    samples++;
                    self.merge(name(frames.getFirst()), 1L, Long::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        String n = name(f);
                        if (seen.add(n)) onStack.merge(n, 1L, Long::sum);
                    }
                    byCcagFrame.merge(ccagEntry(frames), 1L, Long::sum);
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = e.getLong("weight");
                    allocated += weight;
                    allocByCcagFrame.merge(ccagEntry(frames(e)), weight, Long::sum);
                }
                case "jdk.GarbageCollection" -> {
                    gcCount++;
                    Duration pause = e.getDuration("sumOfPauses");
                    gcTotal = gcTotal.plus(pause);
                    if (pause.compareTo(gcMax) > 0) gcMax = pause;
                }
                default -> { }
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(samples).append(" CPU samples; about ").append(Report.num(allocated / 1048576.0, 0))
                .append(" MiB allocated (sampled estimate); ").append(gcCount).append(" collections with ")
                .append(gcTotal.toMillis()).append(" ms of pauses in all, the longest ").append(gcMax.toMillis()).append(" ms.\n\n");
        table(md, "CPU by innermost CCAG method and the library call it makes", byCcagFrame, samples, top, n -> true);
        table(md, "Hottest methods (self time)", self, samples, top, n -> true);
        table(md, "CCAG methods most often on the stack (inclusive)", onStack, samples, top, n -> n.startsWith(CCAG));
        if (allocated > 0) {
            table(md, "Allocation by innermost CCAG method and the library call it makes", allocByCcagFrame, allocated, top, n -> true);
        }
        return md.toString();
    }

    private static List<RecordedFrame> frames(RecordedEvent e) {
        RecordedStackTrace st = e.getStackTrace();
        return st == null ? List.of() : st.getFrames();
    }

    /**
     * The innermost CCAG frame and the frame it calls ("BedrockHttpClient.send → AwsV4HttpSigner.sign"):
     * what the CCAG code asked for, whichever library then spends the time.
     */
    private static String ccagEntry(List<RecordedFrame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).getMethod().getType().getName().startsWith(CCAG)) {
                String ccag = shortName(frames.get(i));
                return i == 0 ? ccag + " (own code)" : ccag + " → " + shortName(frames.get(i - 1));
            }
        }
        return "(outside CCAG code: server, JIT, GC, framework)";
    }

    private static void table(StringBuilder md, String title, Map<String, Long> counts, long total, int top, Predicate<String> keep) {
        md.append("**").append(title).append("**\n\n| method | share |\n|---|---:|\n");
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        sorted.stream().filter(en -> keep.test(en.getKey())).limit(top).forEach(en -> md.append("| `").append(en.getKey())
                .append("` | ").append(Report.num(100.0 * en.getValue() / Math.max(1, total), 1)).append(" % |\n"));
        md.append('\n');
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String shortName(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }
}
