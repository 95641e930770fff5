package io.driftwarden.standard;

import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.YNode;
import java.util.List;
import java.util.Optional;

/** Reads an {@code applies_to} mapping: {@code hosts} globs, {@code groups} names, {@code exclude: {hosts, groups}}. */
public final class SelectorParser {
    private SelectorParser() {}

    public static Optional<Selector> parse(YNode node, String path, Problems problems) {
        Optional<MapReader> reader = MapReader.of(node, path, problems);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        MapReader r = reader.get();
        int before = problems.size();
        List<String> hosts = globs(r, "hosts");
        List<String> groups = r.optStringList("groups").orElse(List.of());
        List<String> excludeHosts = List.of();
        List<String> excludeGroups = List.of();
        Optional<MapReader> exclude = r.optMap("exclude");
        if (exclude.isPresent()) {
            MapReader x = exclude.get();
            excludeHosts = globs(x, "hosts");
            excludeGroups = x.optStringList("groups").orElse(List.of());
            x.finish();
            if (excludeHosts.isEmpty() && excludeGroups.isEmpty()) {
                problems.add(x.mark(), x.path(), "excludes nothing: give hosts (globs) or groups");
            }
        }
        r.finish();
        if (hosts.isEmpty() && groups.isEmpty()) {
            problems.add(
                    r.mark(),
                    path,
                    "selects no host: give hosts (globs) or groups (write hosts: [\"*\"] for every host)");
        }
        return problems.size() > before
                ? Optional.empty()
                : Optional.of(new Selector(hosts, groups, false, excludeHosts, excludeGroups));
    }

    private static List<String> globs(MapReader r, String key) {
        List<String> globs = r.optStringList(key).orElse(List.of());
        for (String h : globs) {
            Optional<String> bad = Names.invisibleCharacter(h);
            if (bad.isPresent()) {
                r.problems().add(r.keyMark(key), r.childPath(key), "glob " + bad.get());
                return List.of();
            }
        }
        return globs;
    }
}
