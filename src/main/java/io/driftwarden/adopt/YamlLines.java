package io.driftwarden.adopt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Line-level edits of a YAML file that keep everything else byte for byte (comments, order, quoting of other
 * keys): replace the value of one {@code key: value} at a known line, or insert a {@code key: value} line.
 * Values are always written double-quoted, so no live value can be read back as YAML structure.
 */
final class YamlLines {
    private YamlLines() {}

    /** A double-quoted YAML scalar: every character that is not printable ASCII is escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20
                            || c == 0x7f
                            || Character.isSurrogate(c)
                            || c > 0x7e && !Character.isLetterOrDigit(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                            b.append(String.format("\\U%08x", s.codePointAt(i)));
                            i++;
                        } else {
                            b.append(String.format("\\u%04x", (int) c));
                        }
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String flowList(List<String> items) {
        return "[" + String.join(", ", items.stream().map(YamlLines::quote).toList()) + "]";
    }

    /**
     * Replaces the value of {@code key} whose key stands on {@code line} (1-based) with {@code value}, keeping a
     * trailing comment. A block scalar ({@code |}, {@code >}) is replaced with its following lines.
     * Empty when the line does not hold that key in block style.
     */
    static Optional<List<String>> replaceValue(List<String> lines, int line, String key, String value) {
        if (line < 1 || line > lines.size()) {
            return Optional.empty();
        }
        String text = lines.get(line - 1);
        int[] span = valueSpan(text, key);
        if (span == null) {
            return Optional.empty();
        }
        int start = span[0];
        int end = span[1];
        List<String> out = new ArrayList<>(lines);
        String token = text.substring(start, end);
        int last = line;
        if (token.isEmpty() || token.startsWith("|") || token.startsWith(">")) {
            // a block scalar or block sequence: its lines are deeper, or (a sequence) at the key's indent with "- "
            int indent = indent(text);
            while (last < lines.size()
                    && (lines.get(last).isBlank()
                            || indent(lines.get(last)) > indent
                            || token.isEmpty()
                                    && indent(lines.get(last)) == indent
                                    && lines.get(last).startsWith("- ", indent))) {
                last++;
            }
            while (last > line && lines.get(last - 1).isBlank()) {
                last--; // blank lines after the block belong to what follows
            }
        }
        String rest = text.substring(end);
        String head = text.substring(0, start);
        out.set(line - 1, (head.endsWith(" ") ? head : head + " ") + value + rest);
        for (int i = last; i > line; i--) {
            out.remove(i - 1);
        }
        return Optional.of(out);
    }

    /** Inserts {@code key: value} after {@code line}, indented like the key that stands at {@code column} there. */
    static Optional<List<String>> insertAfter(List<String> lines, int line, int column, String key, String value) {
        if (line < 1 || line > lines.size() || lines.get(line - 1).indexOf('{') >= 0) {
            return Optional.empty(); // flow mappings are edited by hand
        }
        List<String> out = new ArrayList<>(lines);
        out.add(line, " ".repeat(Math.max(0, column - 1)) + key + ": " + value);
        return Optional.of(out);
    }

    /** The plain text of the value of {@code key} on a line, for reading a {@code source:} path. */
    static Optional<String> plainValue(String text, String key) {
        int[] span = valueSpan(text, key);
        if (span == null) {
            return Optional.empty();
        }
        String token = text.substring(span[0], span[1]);
        if (token.length() >= 2 && (token.startsWith("\"") || token.startsWith("'"))) {
            String inner = token.substring(1, token.length() - 1);
            if (inner.contains("\\") || inner.contains("''")) {
                return Optional.empty();
            }
            return Optional.of(inner);
        }
        return Optional.of(token);
    }

    /** Where the value of {@code key} stands on a line, {start, end}; null when the key is not there or unsure. */
    private static int[] valueSpan(String text, String key) {
        int k = keyAt(text, key);
        if (k < 0) {
            return null;
        }
        int start = k + key.length() + 1;
        while (start < text.length() && text.charAt(start) == ' ') {
            start++;
        }
        int end = valueEnd(text, start);
        return end < 0 ? null : new int[] {start, end};
    }

    private static int keyAt(String text, String key) {
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '-')) {
            i++;
        }
        boolean here = text.startsWith(key + ":", i)
                && (text.length() == i + key.length() + 1 || text.charAt(i + key.length() + 1) == ' ');
        return here ? i : -1;
    }

    /** Where the value token that starts at {@code start} ends (before a comment or the line's end); -1 if unsure. */
    private static int valueEnd(String text, int start) {
        if (start >= text.length()) {
            return start;
        }
        char c = text.charAt(start);
        int end;
        if (c == '"') {
            end = start + 1;
            while (end < text.length() && text.charAt(end) != '"') {
                end += text.charAt(end) == '\\' ? 2 : 1;
            }
            if (end >= text.length()) {
                return -1; // a quoted scalar over several lines
            }
            end++;
        } else if (c == '\'') {
            end = start + 1;
            while (true) {
                int q = text.indexOf('\'', end);
                if (q < 0) {
                    return -1;
                }
                if (q + 1 < text.length() && text.charAt(q + 1) == '\'') {
                    end = q + 2;
                } else {
                    end = q + 1;
                    break;
                }
            }
        } else if (c == '[') {
            end = start + 1;
            while (end < text.length() && text.charAt(end) != ']') {
                char x = text.charAt(end);
                if (x == '"' || x == '\'') {
                    int q = text.indexOf(x, end + 1);
                    if (q < 0 || x == '"' && text.substring(end, q).contains("\\")) {
                        return -1;
                    }
                    end = q;
                }
                end++;
            }
            if (end >= text.length()) {
                return -1;
            }
            end++;
        } else if (c == '{') {
            return -1; // flow mappings are edited by hand
        } else {
            int hash = text.indexOf(" #", start);
            end = hash < 0 ? text.length() : hash;
            while (end > start && text.charAt(end - 1) == ' ') {
                end--;
            }
        }
        return end;
    }

    private static int indent(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
