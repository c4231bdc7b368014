package dev.ccag.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds {@code [[emu:NAME ARGS]]} directives in text. Arguments run to the first {@code ]]}, except
 * for {@code tool}, whose JSON input may itself contain {@code ]]}: there the JSON object is read
 * with its brackets balanced (strings respected).
 */
final class DirectiveParser {
    private static final String OPEN = "[[emu:";
    private static final String CLOSE = "]]";

    private DirectiveParser() {}

    static List<Directive> parse(String text) {
        List<Directive> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = text.indexOf(OPEN, from);
            if (start < 0) return out;
            int nameStart = start + OPEN.length();
            int nameEnd = nameStart;
            while (nameEnd < text.length() && isNameChar(text.charAt(nameEnd))) nameEnd++;
            String name = text.substring(nameStart, nameEnd);
            int close = name.equals("tool") ? closeAfterJson(text, nameEnd) : text.indexOf(CLOSE, nameEnd);
            if (name.isEmpty() || close < 0) {
                from = nameStart;
                continue;
            }
            out.add(new Directive(name, text.substring(nameEnd, close).trim()));
            from = close + CLOSE.length();
        }
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** The {@code ]]} after the tool name and its (balanced) JSON object; -1 if unterminated. */
    private static int closeAfterJson(String text, int from) {
        int brace = text.indexOf('{', from);
        int plainClose = text.indexOf(CLOSE, from);
        if (brace < 0 || (plainClose >= 0 && plainClose < brace)) return plainClose;
        int depth = 0;
        boolean inString = false;
        for (int i = brace; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.indexOf(CLOSE, i + 1);
            }
        }
        return -1;
    }
}
