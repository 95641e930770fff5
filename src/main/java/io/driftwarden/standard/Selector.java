package io.driftwarden.standard;

import java.util.List;
import java.util.Set;

/** {@code applies_to}: a host matches if ANY host glob matches its name or ANY group is one of its groups. */
public record Selector(List<String> hosts, List<String> groups, boolean everyHost) {
    public Selector {
        hosts = List.copyOf(hosts);
        groups = List.copyOf(groups);
    }

    public static Selector all() {
        return new Selector(List.of(), List.of(), true);
    }

    public boolean matches(String host, Set<String> hostGroups) {
        if (everyHost) {
            return true;
        }
        for (String glob : hosts) {
            if (Glob.matches(glob, host)) {
                return true;
            }
        }
        for (String g : groups) {
            if (hostGroups.contains(g)) {
                return true;
            }
        }
        return false;
    }
}
