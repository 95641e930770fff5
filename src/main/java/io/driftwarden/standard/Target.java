package io.driftwarden.standard;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the standards may know of one host: its inventory name, address, groups and variables. */
public record Target(String name, String address, Set<String> groups, Map<String, String> vars) {
    public Target {
        groups = java.util.Collections.unmodifiableSet(new TreeSet<>(groups));
        vars = java.util.Collections.unmodifiableMap(new TreeMap<>(vars));
    }

    /** A host known only by name and groups (no variables). */
    public static Target of(String name, Set<String> groups) {
        return new Target(name, name, groups, Map.of());
    }
}
