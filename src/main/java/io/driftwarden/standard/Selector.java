package io.driftwarden.standard;

import java.util.List;
import java.util.Set;

/**
 * {@code applies_to}: a host matches if ANY host glob matches its name or ANY group is one of its groups, and no
 * {@code exclude} glob or group names it (an exclusion always wins).
 */
public record Selector(
        List<String> hosts,
        List<String> groups,
        boolean everyHost,
        List<String> excludeHosts,
        List<String> excludeGroups) {
    public Selector {
        hosts = List.copyOf(hosts);
        groups = List.copyOf(groups);
        excludeHosts = List.copyOf(excludeHosts);
        excludeGroups = List.copyOf(excludeGroups);
    }

    public Selector(List<String> hosts, List<String> groups, boolean everyHost) {
        this(hosts, groups, everyHost, List.of(), List.of());
    }

    public static Selector all() {
        return new Selector(List.of(), List.of(), true);
    }

    public boolean matches(String host, Set<String> hostGroups) {
        return (everyHost || any(hosts, groups, host, hostGroups))
                && !any(excludeHosts, excludeGroups, host, hostGroups);
    }

    private static boolean any(List<String> globs, List<String> names, String host, Set<String> hostGroups) {
        return globs.stream().anyMatch(g -> Glob.matches(g, host))
                || names.stream().anyMatch(hostGroups::contains);
    }
}
