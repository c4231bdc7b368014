package dev.ccag.emulator;

import java.util.ArrayList;
import java.util.List;

/** Splits a text into deltas of near-equal length, never inside a surrogate pair. */
final class TextChunks {
    /** With no explicit count, roughly this many words go into one delta. */
    static final int WORDS_PER_DELTA = 8;

    private TextChunks() {}

    static List<String> split(String text, int n) {
        if (n <= 0) n = (int) Math.max(1, TokenEstimator.words(text) / WORDS_PER_DELTA);
        n = Math.max(1, Math.min(n, text.length()));
        List<String> out = new ArrayList<>(n);
        int start = 0;
        for (int i = 1; i <= n; i++) {
            int end = i == n ? text.length() : (int) ((long) text.length() * i / n);
            if (end > start && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end++;
            if (end > start) out.add(text.substring(start, end));
            start = Math.max(start, end);
        }
        if (out.isEmpty()) out.add(text);
        return out;
    }
}
