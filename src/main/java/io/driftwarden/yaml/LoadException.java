package io.driftwarden.yaml;

import java.util.List;

/** Bad input: one line per problem, each starting with the file (and line) at fault. */
public final class LoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public LoadException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public LoadException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
