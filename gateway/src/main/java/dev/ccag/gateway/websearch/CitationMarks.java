package dev.ccag.gateway.websearch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Finds the model's citation marks in streamed text: {@code 【3】} or {@code 【1, 4】}, numbers of
 * sources of this turn. Text is handed on as soon as it cannot be part of a mark; only a possible
 * mark's beginning (at most {@value #MAX_MARK} characters) is held back until the next piece.
 * Brackets around anything else (not numbers, or unknown numbers) stay text.
 */
final class CitationMarks {
    static final char OPEN = '【';
    static final char CLOSE = '】';
    static final int MAX_MARK = 24;

    /** A run of text, or a mark citing these sources. */
    sealed interface Piece {
        record Text(String text) implements Piece {}

        record Cite(List<Integer> sources) implements Piece {}
    }

    private final IntPredicate known;
    private final StringBuilder held = new StringBuilder();

    /** @param known which source numbers exist */
    CitationMarks(IntPredicate known) {
        this.known = known;
    }

    List<Piece> feed(String text) {
        held.append(text);
        List<Piece> out = new ArrayList<>(2);
        while (!held.isEmpty()) {
            int open = held.indexOf(String.valueOf(OPEN));
            if (open < 0) {
                text(out, held.toString());
                held.setLength(0);
                break;
            }
            if (open > 0) {
                text(out, held.substring(0, open));
                held.delete(0, open);
            }
            int close = held.indexOf(String.valueOf(CLOSE));
            if (close < 0) {
                if (held.length() <= MAX_MARK) break; // maybe a mark still arriving
                text(out, held.substring(0, 1));
                held.delete(0, 1);
                continue;
            }
            List<Integer> sources = sources(held.substring(1, close));
            if (sources == null) {
                text(out, held.substring(0, close + 1));
            } else {
                out.add(new Piece.Cite(sources));
            }
            held.delete(0, close + 1);
        }
        return out;
    }

    /** What is still held back, as text: the block ended. */
    List<Piece> finish() {
        List<Piece> out = new ArrayList<>(1);
        text(out, held.toString());
        held.setLength(0);
        return out;
    }

    private List<Integer> sources(String inner) {
        List<Integer> out = new ArrayList<>(2);
        for (String part : inner.split("[,，]")) {
            String p = part.strip();
            if (!p.matches("\\d{1,4}")) return null;
            int n = Integer.parseInt(p);
            if (!known.test(n)) return null;
            if (!out.contains(n)) out.add(n);
        }
        return out.isEmpty() ? null : out;
    }

    private static void text(List<Piece> out, String s) {
        if (s.isEmpty()) return;
        if (!out.isEmpty() && out.getLast() instanceof Piece.Text(String prev)) {
            out.set(out.size() - 1, new Piece.Text(prev + s));
        } else {
            out.add(new Piece.Text(s));
        }
    }
}
