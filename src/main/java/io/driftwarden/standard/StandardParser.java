package io.driftwarden.standard;

import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.Mark;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.YNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads one standard file (already parsed strictly) into a {@link Standard}. */
public final class StandardParser {
    private StandardParser() {}

    public static Optional<Standard> parse(
            String file, YNode root, Function<String, Optional<byte[]>> bundleFile, Problems problems) {
        Optional<MapReader> reader = MapReader.of(root, "", problems);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        MapReader r = reader.get();
        int before = problems.size();
        Optional<String> name = r.requireString("standard");
        name.flatMap(Names::invisibleCharacter).ifPresent(bad -> problems.add(r.keyMark("standard"), "standard", bad));
        String description = r.optString("description").orElse("");
        Selector selector = r.node("applies_to")
                .map(n -> SelectorParser.parse(n, "applies_to", problems).orElse(null))
                .orElse(Selector.all());
        List<Resource> resources = new ArrayList<>();
        Optional<YNode> list = r.node("resources");
        if (list.isEmpty()) {
            problems.add(r.mark(), "resources", "required key is missing");
        } else if (!(list.get() instanceof YNode.Seq seq)) {
            problems.add(list.get().mark(), "resources", "expected a list of resources");
        } else {
            ResourceParser parser = new ResourceParser(name.orElse("?"), bundleFile, problems);
            Map<ResourceId, Mark> seen = new HashMap<>();
            for (int i = 0; i < seq.items().size(); i++) {
                parser.parse(seq.items().get(i), "resources[" + i + "]").ifPresent(res -> {
                    Mark first = seen.putIfAbsent(res.id(), res.at());
                    if (first != null) {
                        problems.add(
                                res.at(),
                                res.id().toString(),
                                "declared twice in this standard (first at " + first + ")");
                    } else {
                        resources.add(res);
                    }
                });
            }
        }
        List<String> overrides = r.node("overrides")
                .map(n -> n instanceof YNode.Scalar
                        ? r.optString("overrides").map(List::of)
                        : r.optStringList("overrides"))
                .flatMap(o -> o)
                .orElse(List.of());
        if (name.isPresent() && overrides.contains(name.get())) {
            problems.add(r.keyMark("overrides"), "overrides", "a standard cannot override itself");
        }
        UserGuard users = r.optMap("users")
                .map(u -> {
                    Long from = u.optLong("exclusive_above_uid").orElse(null);
                    if (from != null && (from < 1 || from > UserGuard.OVERFLOW_UID)) {
                        problems.add(
                                u.keyMark("exclusive_above_uid"),
                                "users.exclusive_above_uid",
                                "must be between 1 and 65534" + " (uid 0 is guarded anyway: only root may have it)");
                    }
                    u.finish();
                    return new UserGuard(from, r.keyMark("users"));
                })
                .orElse(null);
        r.finish();
        if (problems.size() > before || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Standard(
                name.get(),
                file,
                description,
                selector,
                resources,
                overrides,
                users,
                r.has("overrides") ? r.keyMark("overrides") : null));
    }
}
