package io.driftwarden.standard;

import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.YNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads an {@code applies_to} mapping ({@code hosts} globs, {@code groups} names). */
public final class SelectorParser {
    private SelectorParser() {}

    public static Optional<Selector> parse(YNode node, String path, Problems problems) {
        Optional<MapReader> reader = MapReader.of(node, path, problems);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        MapReader r = reader.get();
        List<String> hosts = r.optStringList("hosts").orElse(List.of());
        List<String> groups = r.optStringList("groups").orElse(List.of());
        r.finish(Set.of("exclude"));
        if (hosts.isEmpty() && groups.isEmpty()) {
            problems.add(r.mark(), path, "selects no host: give hosts (globs) or groups (write hosts: [\"*\"] for every host)");
            return Optional.empty();
        }
        for (String h : hosts) {
            Optional<String> bad = Names.invisibleCharacter(h);
            if (bad.isPresent()) {
                problems.add(r.keyMark("hosts"), r.childPath("hosts"), "glob " + bad.get());
                return Optional.empty();
            }
        }
        return Optional.of(new Selector(hosts, groups, false));
    }
}
