package io.driftwarden.report;

/** Host-controlled strings are data: control and bidi characters are shown as {@code \xNN} (their UTF-8 bytes) in text. */
public final class Printable {
    private Printable() {}

    public static String of(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || isBidi(c)) {
                for (byte x : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    b.append(String.format("\\x%02x", x & 0xff));
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isBidi(char c) {
        return (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E'
                || c == '\u200F'
                || c == '\u061C';
    }
}
