package io.driftwarden.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one YAML mapping field by field, reporting every problem with its position and key path.
 * Call {@link #finish()} last: any key nobody asked for is an unknown key.
 */
public final class MapReader {
    private final YNode.Map map;
    private final String path;
    private final Problems problems;
    private final LinkedHashMap<String, YNode.Entry> entries = new LinkedHashMap<>();
    private final java.util.HashSet<String> used = new java.util.HashSet<>();

    public MapReader(YNode.Map map, String path, Problems problems) {
        this.map = map;
        this.path = path;
        this.problems = problems;
        for (YNode.Entry e : map.entries()) {
            entries.putIfAbsent(e.key().value(), e); // a duplicate is reported by StrictYaml; the first one counts
        }
    }

    /** Returns a reader for {@code node}, or empty (with a problem) when it is not a mapping. */
    public static Optional<MapReader> of(YNode node, String path, Problems problems) {
        if (node instanceof YNode.Map m) {
            return Optional.of(new MapReader(m, path, problems));
        }
        problems.add(node.mark(), path, "expected a mapping, got " + YNode.kindOf(node));
        return Optional.empty();
    }

    public Mark mark() {
        return map.mark();
    }

    public String path() {
        return path;
    }

    public Problems problems() {
        return problems;
    }

    public String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public List<String> keys() {
        return new ArrayList<>(entries.keySet());
    }

    public Optional<YNode> node(String key) {
        YNode.Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        used.add(key);
        return Optional.of(e.value());
    }

    /** Where the key itself stands (for "declared at"). */
    public Mark keyMark(String key) {
        YNode.Entry e = entries.get(key);
        return e == null ? map.mark() : e.key().mark();
    }

    public Optional<String> optString(String key) {
        return node(key).flatMap(n -> Values.string(n, childPath(key), problems));
    }

    /** Like optString but an explicit {@code null} means absent. */
    public Optional<String> optNullableString(String key) {
        Optional<YNode> n = node(key);
        if (n.isPresent() && n.get() instanceof YNode.Scalar s && ScalarKind.of(s) == ScalarKind.NULL) {
            return Optional.empty();
        }
        return n.flatMap(v -> Values.string(v, childPath(key), problems));
    }

    public Optional<String> requireString(String key) {
        if (!has(key)) {
            problems.add(map.mark(), childPath(key), "required key is missing");
            return Optional.empty();
        }
        return optString(key);
    }

    public Optional<Long> optLong(String key) {
        return node(key).flatMap(n -> Values.integer(n, childPath(key), problems));
    }

    public Optional<Boolean> optBool(String key) {
        return node(key).flatMap(n -> Values.bool(n, childPath(key), problems));
    }

    public Optional<List<String>> optStringList(String key) {
        return node(key).flatMap(n -> Values.stringList(n, childPath(key), problems));
    }

    public Optional<MapReader> optMap(String key) {
        return node(key).flatMap(n -> of(n, childPath(key), problems));
    }

    /** A list of mappings ({@code key[0]}, {@code key[1]}, ...); empty when absent; {@code shape} names them in errors. */
    public List<MapReader> mapList(String key, String shape) {
        Optional<YNode> n = node(key);
        if (n.isEmpty()) {
            return List.of();
        }
        if (!(n.get() instanceof YNode.Seq seq)) {
            problems.add(n.get().mark(), childPath(key), "expected a list of " + shape);
            return List.of();
        }
        List<MapReader> out = new java.util.ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            of(seq.items().get(i), childPath(key) + "[" + i + "]", problems).ifPresent(out::add);
        }
        return out;
    }

    private static final java.util.regex.Pattern RFC3339 = java.util.regex.Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    /** An RFC 3339 instant with an explicit offset (a bare date or a local time is a load error). */
    public Optional<java.time.Instant> instant(String key, boolean required) {
        MapReader r = this;
        if (!r.has(key)) {
            if (required) {
                r.problems().add(r.mark(), key, "required key is missing");
            }
            return Optional.empty();
        }
        Optional<String> text = r.optString(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String v = text.get();
        if (RFC3339.matcher(v).matches()) {
            try {
                return Optional.of(
                        java.time.OffsetDateTime.parse(v.replace('t', 'T').replace('z', 'Z'))
                                .toInstant());
            } catch (java.time.format.DateTimeParseException e) {
                r.problems().add(r.keyMark(key), key, "not a valid instant: " + v);
                return Optional.empty();
            }
        }
        r.problems()
                .add(
                        r.keyMark(key),
                        key,
                        "must be an RFC 3339 instant with an explicit offset, like 2026-11-20T10:00:00Z (got '" + v
                                + "')");
        return Optional.empty();
    }

    /** Reports every key that was never read; {@code later} names keys a future version will accept. */
    public void finish(Set<String> later) {
        for (YNode.Entry e : map.entries()) {
            String key = e.key().value();
            if (used.contains(key)) {
                continue;
            }
            if (later.contains(key)) {
                problems.add(e.key().mark(), childPath(key), "not yet supported by this version");
            } else {
                problems.add(e.key().mark(), childPath(key), "unknown key");
            }
        }
    }

    public void finish() {
        finish(Set.of());
    }
}
