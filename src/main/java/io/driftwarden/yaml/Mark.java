package io.driftwarden.yaml;

/** A position in a loaded file, printed as {@code file:line:column} (1-based). */
public record Mark(String file, int line, int column) {
    public String shortForm() {
        return file + ":" + line;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
