package dev.ccag.gateway.bedrock;

/**
 * The members (keys or elements) of one JSON object or array whose removal {@link BodyRewriter}
 * decides as it reads. It turns runs of removed members into byte ranges to delete, commas included,
 * so what is left stays valid JSON: a run followed by a kept member goes up to that member's start
 * (taking the run's trailing commas); a run that ends the container also takes the comma before it.
 */
final class Members {
    private final byte[] in;
    private final Edits edits;
    private boolean started;
    private int current;
    private boolean currentRemoved;
    private int kept;
    private int runStart = -1;
    private boolean runAfterKept;

    Members(byte[] in, Edits edits) {
        this.in = in;
        this.edits = edits;
    }

    /** A member begins at {@code start} (a key's opening quote, or an element's first byte). */
    void begin(int start) {
        settle();
        started = true;
        current = start;
        currentRemoved = false;
    }

    void removeCurrent() {
        currentRemoved = true;
    }

    /** The container closes at {@code end} (its closing bracket). */
    void close(int end) {
        settle();
        if (runStart >= 0) {
            edits.delete(runAfterKept ? commaBefore(runStart) : runStart, end);
        }
    }

    private void settle() {
        if (!started) return;
        if (currentRemoved) {
            if (runStart < 0) {
                runStart = current;
                runAfterKept = kept > 0;
            }
        } else {
            if (runStart >= 0) {
                edits.delete(runStart, current);
                runStart = -1;
            }
            kept++;
        }
    }

    /** Between a kept member and the next one there is only white space and one comma. */
    private int commaBefore(int start) {
        int i = start - 1;
        while (in[i] != ',') {
            if (!isWhitespace(in[i])) throw new IllegalStateException("no comma before offset " + start);
            i--;
        }
        return i;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
