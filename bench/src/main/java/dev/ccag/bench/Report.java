package dev.ccag.bench;

import java.util.List;
import java.util.Locale;

/** The Markdown report, written as the run goes. */
public final class Report {
    private final StringBuilder md = new StringBuilder(16 * 1024);

    public Report heading(String title) {
        md.append("\n## ").append(title).append("\n\n");
        return this;
    }

    public Report paragraph(String text) {
        md.append(text).append("\n\n");
        return this;
    }

    public Report line(String text) {
        md.append(text).append('\n');
        return this;
    }

    /** A table whose first {@code textColumns} columns are left-aligned text and the rest right-aligned figures. */
    public Report table(List<String> header, List<List<String>> rows, int textColumns) {
        md.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) md.append(i < textColumns ? "---|" : "---:|");
        md.append('\n');
        for (List<String> row : rows) md.append("| ").append(String.join(" | ", row)).append(" |\n");
        md.append('\n');
        return this;
    }

    public Report table(List<String> header, List<List<String>> rows) {
        return table(header, rows, 1);
    }

    /** Nanoseconds as milliseconds with three decimals (microsecond resolution). */
    public static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** A signed difference in milliseconds. */
    public static String addedMs(long nanos) {
        return String.format(Locale.ROOT, "%+.3f", nanos / 1e6);
    }

    public static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    @Override
    public String toString() {
        return md.toString();
    }
}
