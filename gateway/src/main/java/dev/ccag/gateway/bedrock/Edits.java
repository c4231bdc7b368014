package dev.ccag.gateway.bedrock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Byte-range changes to a body: deletions, replacements and insertions, applied in one copy. An edit
 * inside a range that is deleted as a whole (a key inside a removed tool) is dropped.
 */
final class Edits {
    /** By start; at the same start an insertion (empty range) comes before the range it precedes. */
    private static final Comparator<Edit> ORDER = Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end);

    private record Edit(int start, int end, byte[] replacement) {}

    private final List<Edit> edits = new ArrayList<>();

    void delete(int start, int end) {
        edits.add(new Edit(start, end, null));
    }

    void replace(int start, int end, String replacement) {
        edits.add(new Edit(start, end, replacement.getBytes(StandardCharsets.UTF_8)));
    }

    void insert(int at, String text) {
        replace(at, at, text);
    }

    byte[] apply(byte[] in) {
        if (edits.isEmpty()) return in.clone();
        edits.sort(ORDER);
        List<Edit> applied = new ArrayList<>(edits.size());
        int cursor = 0;
        int size = in.length;
        for (Edit e : edits) {
            if (e.start < cursor) continue; // inside a range already deleted
            applied.add(e);
            size += (e.replacement == null ? 0 : e.replacement.length) - (e.end - e.start);
            cursor = e.end;
        }
        byte[] out = new byte[size];
        int from = 0;
        int to = 0;
        for (Edit e : applied) {
            int keep = e.start - from;
            System.arraycopy(in, from, out, to, keep);
            to += keep;
            if (e.replacement != null) {
                System.arraycopy(e.replacement, 0, out, to, e.replacement.length);
                to += e.replacement.length;
            }
            from = e.end;
        }
        System.arraycopy(in, from, out, to, in.length - from);
        return out;
    }
}
