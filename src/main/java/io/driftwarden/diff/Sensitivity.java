package io.driftwarden.diff;

import java.util.List;
import io.driftwarden.standard.PathGlob;

/** Decides which files are sensitive: declared so, or matching {@code reports.sensitive_paths} unless declared false. */
public final class Sensitivity {
    private final List<PathGlob> patterns;

    public Sensitivity(List<String> globs) {
        this.patterns = globs.stream().map(PathGlob::new).toList();
    }

    public boolean isSensitive(String path, Boolean declared) {
        if (declared != null) {
            return declared;
        }
        return patterns.stream().anyMatch(p -> p.matches(path));
    }
}
