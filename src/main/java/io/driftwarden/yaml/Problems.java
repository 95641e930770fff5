package io.driftwarden.yaml;

import java.util.ArrayList;
import java.util.List;

/** Collects every load problem of a file or bundle, so that all of them are reported at once. */
public final class Problems {
    private final List<String> lines = new ArrayList<>();

    public void add(Mark mark, String path, String message) {
        lines.add(mark + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + message);
    }

    public void add(String location, String message) {
        lines.add(location + ": " + message);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public int size() {
        return lines.size();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Throws when anything was reported; a broken input is never half-used. */
    public void throwIfAny() {
        if (!lines.isEmpty()) {
            throw new LoadException(lines);
        }
    }
}
