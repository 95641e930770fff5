package io.driftwarden.run;

import io.driftwarden.standard.Glob;
import java.util.List;
import java.util.function.Predicate;

/** Which inventory hosts a run audits: those matching any of the globs ({@code --hosts}); none given, every host. */
public record HostSubset(List<String> globs) implements Predicate<String> {
    public static final HostSubset ALL = new HostSubset(List.of());

    public HostSubset {
        globs = globs == null ? List.of() : List.copyOf(globs);
    }

    @Override
    public boolean test(String host) {
        return globs.isEmpty() || globs.stream().anyMatch(g -> Glob.matches(g.strip(), host));
    }

    /** As given, for messages. */
    @Override
    public String toString() {
        return String.join(",", globs);
    }
}
