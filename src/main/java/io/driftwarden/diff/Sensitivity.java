package io.driftwarden.diff;

import java.util.List;
import java.util.regex.Pattern;

/** Decides which files are sensitive: declared so, or matching {@code reports.sensitive_paths} unless declared false. */
public final class Sensitivity {
    private final List<Pattern> patterns;

    public Sensitivity(List<String> globs) {
        this.patterns = globs.stream().map(Sensitivity::toRegex).toList();
    }

    public boolean isSensitive(String path, Boolean declared) {
        if (declared != null) {
            return declared;
        }
        return patterns.stream().anyMatch(p -> p.matcher(path).matches());
    }

    /** {@code **} crosses directories, {@code *} and {@code ?} do not. */
    static Pattern toRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                b.append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            } else if (c == '*') {
                b.append("[^/]*");
            } else if (c == '?') {
                b.append("[^/]");
            } else {
                b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(b.toString());
    }
}
