package io.driftwarden.standard;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Checks on names a reviewer must be able to see and a host and the store can hold. */
public final class Names {
    /**
     * The longest resource name, in UTF-8 bytes: Linux's PATH_MAX (4096) counts the terminating NUL, so a longer
     * path cannot be named on any host, and the store's {@code resource} columns (VARCHAR(4200), V1__history.sql)
     * hold "TYPE:NAME" for every type with room to spare. Bytes, not chars: a name never has fewer UTF-8 bytes
     * than chars.
     */
    public static final int MAX_NAME_BYTES = 4095;
    /** Linux's NAME_MAX: the longest component of a path (one file or directory name). */
    public static final int MAX_COMPONENT_BYTES = 255;

    private Names() {}

    /**
     * Describes the first character in {@code s} that a reviewer cannot see or that misleads: controls (Cc), format
     * characters (Cf: zero-width spaces and joiners, U+FEFF, bidi marks and overrides, invisible tags), line and
     * paragraph separators, and unpaired surrogates (no character at all).
     */
    public static Optional<String> invisibleCharacter(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (isInvisible(c)) {
                return Optional.of(String.format("contains the invisible character U+%04X at position %d", c, i));
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    /** {@code s} with each invisible character written {@code \\uXXXX}, for an error line about a refused name. */
    public static String shown(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (isInvisible(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static boolean isInvisible(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }

    /** Why a resource name is too long for a host or the store ("is ..."), if it is; {@code path} adds NAME_MAX per component. */
    public static Optional<String> lengthProblem(String name, boolean path) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            return Optional.of("is " + bytes + " bytes long, more than " + MAX_NAME_BYTES
                    + (path ? " (PATH_MAX)" : " (the longest name the store keeps)"));
        }
        if (path) {
            for (String part : name.split("/")) {
                int n = part.getBytes(StandardCharsets.UTF_8).length;
                if (n > MAX_COMPONENT_BYTES) {
                    return Optional.of("has a path component of " + n + " bytes, more than " + MAX_COMPONENT_BYTES
                            + " (NAME_MAX): '" + part.substring(0, 20) + "...'");
                }
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
        String[] suffixes = {
            ".service",
            ".socket",
            ".timer",
            ".target",
            ".mount",
            ".path",
            ".slice",
            ".scope",
            ".device",
            ".swap",
            ".automount"
        };
        for (String s : suffixes) {
            if (name.endsWith(s)) {
                return name;
            }
        }
        return name + ".service";
    }
}
