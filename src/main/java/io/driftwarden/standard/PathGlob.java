package io.driftwarden.standard;

import java.util.regex.Pattern;

/** Path globs: {@code **} crosses directories, {@code *} and {@code ?} stay within one name. */
public final class PathGlob {
    private final Pattern pattern;

    public PathGlob(String glob) {
        this.pattern = toRegex(glob);
    }

    public boolean matches(String path) {
        return pattern.matcher(path).matches();
    }

    private static Pattern toRegex(String glob) {
        StringBuilder b = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c != '*' && c != '?') {
                literal.append(c);
                continue;
            }
            // a run of literal characters is one quoted node, not one per character: globs are matched per
            // resource per host
            if (literal.length() > 0) {
                b.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
            }
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                b.append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            } else if (c == '*') {
                b.append("[^/]*");
            } else {
                b.append("[^/]");
            }
        }
        if (literal.length() > 0) {
            b.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(b.toString());
    }
}
