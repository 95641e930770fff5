package io.driftwarden.report;

/** Host-controlled strings are data: control and bidi characters are shown as {@code \xNN}/{@code \\u{...}} in text. */
public final class Printable {
    private Printable() {}

    public static String of(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E'
                    || c == '\u200F' || c == '\u061C';
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else if (bidi || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format("\\u{%04x}", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
