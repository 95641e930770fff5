package io.driftwarden.standard;

import java.util.Optional;

/** Checks on names a reviewer must be able to see: no control or bidirectional-override characters. */
public final class Names {
    private Names() {}

    /** Describes the first invisible or misleading character in {@code s}, if any. */
    public static Optional<String> invisibleCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                    || c == '\u200E' || c == '\u200F' || c == '\u061C';
            if (Character.isISOControl(c) || bidi || c == '\u2028' || c == '\u2029' || c == '\uFEFF') {
                return Optional.of(String.format("contains the invisible character U+%04X at position %d", (int) c, i));
            }
        }
        return Optional.empty();
    }

    /** Whether an absolute path is normalized: no {@code //}, {@code .}, {@code ..} or trailing {@code /}. */
    public static boolean isNormalAbsolutePath(String p) {
        if (!p.startsWith("/")) {
            return false;
        }
        if (p.equals("/")) {
            return true;
        }
        if (p.endsWith("/")) {
            return false;
        }
        for (String part : p.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** systemd's unit name: {@code ssh} means {@code ssh.service}. */
    public static String unitName(String name) {
        String[] suffixes = {".service", ".socket", ".timer", ".target", ".mount", ".path", ".slice",
            ".scope", ".device", ".swap", ".automount"};
        for (String s : suffixes) {
            if (name.endsWith(s)) {
                return name;
            }
        }
        return name + ".service";
    }
}
