package io.driftwarden.bundle;

import io.driftwarden.standard.Standard;
import io.driftwarden.standard.StandardParser;
import io.driftwarden.yaml.LoadException;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.StrictYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads {@code standards/}: every {@code *.yaml} at the top is a standard, {@code files/} holds content sources
 * (change records under {@code approvals/} are their own source). Each file is read once; all problems of all
 * files are reported together and a broken bundle is never half-used.
 */
public final class BundleLoader {
    private BundleLoader() {}

    public static Bundle load(Path dir) {
        return load(BundleFiles.read(dir, List.of(".git/**")));
    }

    /** Parses exactly the bytes that were read (and, when signed, verified). */
    public static Bundle load(BundleFiles bundle) {
        Path dir = bundle.dir();
        Map<String, byte[]> files = bundle.view();
        Problems problems = new Problems();
        List<Standard> standards = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (var e : files.entrySet()) {
            String rel = e.getKey();
            String shown = rel;
            if (isStandard(rel)) {
                StrictYaml.parse(shown, e.getValue(), problems)
                        .flatMap(root ->
                                StandardParser.parse(shown, root, p -> Optional.ofNullable(files.get(p)), problems))
                        .ifPresent(s -> {
                            String first = names.putIfAbsent(s.name(), shown);
                            if (first != null) {
                                problems.add(
                                        shown + ":1:1",
                                        "standard: name '" + s.name() + "' is already used by " + first);
                            } else {
                                standards.add(s);
                            }
                        });
            }
        }
        for (Standard s : standards) {
            for (String o : s.overrides()) {
                if (!names.containsKey(o)) {
                    problems.add(s.overridesAt(), "overrides", "no standard is named '" + o + "'");
                }
            }
        }
        overrideCycle(standards)
                .ifPresent(c -> problems.add(
                        c.get(0).overridesAt(),
                        "overrides",
                        "a cycle ("
                                + String.join(
                                        " -> ", c.stream().map(Standard::name).toList())
                                + "): one of them must be the more specific"));
        if (standards.isEmpty() && problems.isEmpty()) {
            problems.add(dir + ":1:1", "the bundle holds no standard (*.yaml)");
        }
        if (!problems.isEmpty()) {
            String prefix = dir.toString().replace('\\', '/') + "/";
            throw new LoadException(problems.lines().stream()
                    .map(l -> l.startsWith(dir.toString()) ? l : prefix + l)
                    .toList());
        }
        return new Bundle(standards);
    }

    /** A cycle of {@code overrides} (each overriding the next), if any. */
    private static Optional<List<Standard>> overrideCycle(List<Standard> standards) {
        Map<String, Standard> byName = new HashMap<>();
        standards.forEach(s -> byName.put(s.name(), s));
        for (Standard start : standards) {
            List<Standard> path = new ArrayList<>();
            if (reachesItself(start, start, byName, path, new java.util.HashSet<>())) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private static boolean reachesItself(
            Standard start,
            Standard at,
            Map<String, Standard> byName,
            List<Standard> path,
            java.util.Set<String> seen) {
        path.add(at);
        for (String o : at.overrides()) {
            Standard next = byName.get(o);
            if (next == start) {
                path.add(start);
                return true;
            }
            if (next != null && seen.add(o) && reachesItself(start, next, byName, path, seen)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    private static boolean isStandard(String rel) {
        return !rel.contains("/") && rel.endsWith(".yaml");
    }
}
