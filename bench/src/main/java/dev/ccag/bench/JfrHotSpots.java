package dev.ccag.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's CPU samples ({@code jdk.ExecutionSample}) as Markdown: the hottest
 * leaf methods (where the CPU is), and the methods most often on the stack (what it is spent for).
 */
public final class JfrHotSpots {
    private JfrHotSpots() {}

    public static String summarise(Path recording, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> onStack = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) continue;
            samples++;
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.getFirst()), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) onStack.merge(n, 1, Integer::sum);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(samples).append(" execution samples.\n\n");
        table(md, "Hottest methods (self time)", self, samples, top, n -> true);
        table(md, "CCAG methods most often on the stack (inclusive)", onStack, samples, top, n -> n.startsWith("dev.ccag."));
        table(md, "All methods most often on the stack (inclusive)", onStack, samples, top,
                n -> !n.startsWith("java.lang.Thread.") && !n.startsWith("java.lang.VirtualThread.")
                        && !n.startsWith("jdk.internal.vm.Continuation."));
        return md.toString();
    }

    private static void table(StringBuilder md, String title, Map<String, Integer> counts, int samples, int top,
                              java.util.function.Predicate<String> keep) {
        md.append("**").append(title).append("**\n\n| method | samples | share |\n|---|---:|---:|\n");
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        sorted.stream().filter(en -> keep.test(en.getKey())).limit(top).forEach(en -> md.append("| `").append(en.getKey())
                .append("` | ").append(en.getValue()).append(" | ")
                .append(Report.num(100.0 * en.getValue() / Math.max(1, samples), 1)).append(" % |\n"));
        md.append('\n');
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
