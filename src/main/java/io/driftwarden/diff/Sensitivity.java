package io.driftwarden.diff;

import io.driftwarden.standard.PathGlob;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Decides which files are sensitive: declared so, or matching {@code reports.sensitive_paths} unless declared false. */
public final class Sensitivity {
    /** Enough for a large standard's paths; past it the answers are forgotten, never wrong. */
    private static final int REMEMBERED = 8192;

    private final List<PathGlob> patterns;
    /** Every host of a standard asks about the same paths; a glob such as {@code **}{@code /*.key} backtracks. */
    private final Map<String, Boolean> answers = new ConcurrentHashMap<>();

    public Sensitivity(List<String> globs) {
        this.patterns = globs.stream().map(PathGlob::new).toList();
    }

    public boolean isSensitive(String path, Boolean declared) {
        if (declared != null) {
            return declared;
        }
        Boolean known = answers.get(path);
        if (known != null) {
            return known;
        }
        boolean matched = patterns.stream().anyMatch(p -> p.matches(path));
        if (answers.size() >= REMEMBERED) {
            answers.clear();
        }
        answers.put(path, matched);
        return matched;
    }
}
