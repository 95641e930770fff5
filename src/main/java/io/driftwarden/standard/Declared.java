package io.driftwarden.standard;

import io.driftwarden.yaml.Mark;

/** One property a standard demands, with where it demands it. {@code implicit} marks a default ensure. */
public record Declared(String property, Value expected, Mark at, boolean implicit) {}
