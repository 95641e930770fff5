package io.driftwarden.approval;

import io.driftwarden.standard.Names;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.ResourceParser;
import io.driftwarden.standard.ResourceType;
import io.driftwarden.standard.Selector;
import io.driftwarden.standard.SelectorParser;
import io.driftwarden.standard.Value;
import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.Values;
import io.driftwarden.yaml.YNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one change record, enforcing section 3: strict instants, bounded validity, exact identities. */
public final class RecordParser {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HMAC = Pattern.compile("[0-9a-f]{16}");

    private RecordParser() {}

    public static Optional<ChangeRecord> parse(
            String file, String stem, YNode root, Duration maxValidity, Problems problems) {
        Optional<MapReader> reader = MapReader.of(root, "", problems);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        MapReader r = reader.get();
        int before = problems.size();
        Optional<String> id = r.requireString("id");
        id.ifPresent(v -> {
            if (!ID.matcher(v).matches()) {
                problems.add(r.keyMark("id"), "id", "must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got '" + v + "'");
            } else if (stem != null && !v.equals(stem)) {
                problems.add(r.keyMark("id"), "id", "must equal the file name stem '" + stem + "'");
            }
        });
        Optional<String> summary = r.requireString("summary");
        List<String> approvedBy = r.optStringList("approved_by").orElse(List.of());
        if (!r.has("approved_by")) {
            problems.add(r.mark(), "approved_by", "required key is missing");
        } else if (approvedBy.isEmpty() && problems.size() == before) {
            problems.add(r.keyMark("approved_by"), "approved_by", "names no approver");
        }
        Optional<Instant> approvedAt = instant(r, "approved_at", true);
        Optional<Instant> validFrom = instant(r, "valid_from", false);
        Optional<Instant> expires = instant(r, "expires", true);
        Optional<String> ticket = r.optString("ticket");
        ticket.ifPresent(t -> {
            // shown in reports and mail and made a link: one short line of visible characters
            if (t.isEmpty() || t.length() > 200 || t.chars().anyMatch(Character::isISOControl)) {
                problems.add(r.keyMark("ticket"), "ticket", "must be one line of 1 to 200 characters");
            } else {
                Names.invisibleCharacter(t)
                        .ifPresent(c -> problems.add(
                                r.keyMark("ticket"), "ticket", "holds an invisible or bidirectional character " + c));
            }
        });
        Optional<String> resolution = r.optString("resolution");
        resolution
                .filter(v -> !v.equals("fold-in") && !v.equals("revert"))
                .ifPresent(v -> problems.add(
                        r.keyMark("resolution"), "resolution", "must be fold-in or revert, got '" + v + "'"));
        Selector selector = null;
        if (!r.has("applies_to")) {
            problems.add(r.mark(), "applies_to", "required key is missing (fleet-wide must be written hosts: [\"*\"])");
        } else {
            selector = r.node("applies_to")
                    .flatMap(n -> SelectorParser.parse(n, "applies_to", problems))
                    .orElse(null);
        }
        List<Allow> allows = new ArrayList<>(anyProperty(r, problems));
        if (allows.isEmpty() || r.has("allow")) {
            allows.addAll(allows(r, problems));
        }
        r.finish(Set.of("window"));
        Instant from = validFrom.or(() -> approvedAt).orElse(null);
        if (from != null
                && expires.isPresent()
                && allows.stream().anyMatch(Allow::anyProperty)
                && Duration.between(from, expires.get()).compareTo(WINDOW) > 0) {
            problems.add(
                    r.keyMark("resources"),
                    "resources",
                    "approving any property of a resource is for a window:"
                            + " valid_from to expires must be at most 24h (give allow entries for longer)");
        }
        if (from != null && expires.isPresent()) {
            if (!from.isBefore(expires.get())) {
                problems.add(r.keyMark("expires"), "expires", "must be after valid_from (" + from + ")");
            } else if (Duration.between(from, expires.get()).compareTo(maxValidity) > 0) {
                problems.add(
                        r.keyMark("expires"),
                        "expires",
                        "validity " + Duration.between(from, expires.get()).toDays()
                                + " days exceeds approvals.max_validity (" + maxValidity.toDays() + " days)");
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ChangeRecord(
                id.get(),
                summary.get(),
                approvedBy,
                approvedAt.get(),
                from,
                expires.get(),
                ticket.orElse(null),
                resolution.orElse(null),
                selector,
                allows,
                file));
    }

    private static Optional<Instant> instant(MapReader r, String key, boolean required) {
        return r.instant(key, required);
    }

    /** The longest a record may approve any property of its {@code resources}. */
    static final Duration WINDOW = Duration.ofHours(24);

    /** {@code resources: [TYPE:NAME, ...]}: any property of each, any value (open-ended), inside the record's window. */
    private static List<Allow> anyProperty(MapReader r, Problems problems) {
        List<Allow> out = new ArrayList<>();
        for (String text : r.optStringList("resources").orElse(List.of())) {
            Optional<ResourceId> id = ResourceId.parse(text);
            Optional<String> tooLong = id.flatMap(i -> Names.lengthProblem(i.name(), i.type() == ResourceType.FILE));
            if (id.isEmpty()
                    || Names.invisibleCharacter(id.get().name()).isPresent()
                    || id.get().name().chars().anyMatch(c -> c == '*' || c == '?' || c == '[')) {
                problems.add(
                        r.keyMark("resources"),
                        "resources",
                        "each entry is one exact TYPE:NAME (no globs), got '" + text + "'");
            } else if (tooLong.isPresent()) {
                problems.add(r.keyMark("resources"), "resources", "an entry's name " + tooLong.get());
            } else if (out.stream().anyMatch(a -> a.resource().equals(id.get()))) {
                problems.add(r.keyMark("resources"), "resources", id.get() + " is listed twice");
            } else {
                out.add(new Allow(id.get(), Allow.ANY, null, r.keyMark("resources")));
            }
        }
        return out;
    }

    private static List<Allow> allows(MapReader r, Problems problems) {
        List<Allow> out = new ArrayList<>();
        Optional<YNode> node = r.node("allow");
        if (node.isEmpty()) {
            problems.add(r.mark(), "allow", "required key is missing");
            return out;
        }
        if (!(node.get() instanceof YNode.Seq seq) || seq.items().isEmpty()) {
            problems.add(node.get().mark(), "allow", "expected a non-empty list of allow entries");
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String path = "allow[" + i + "]";
            Optional<MapReader> er = MapReader.of(seq.items().get(i), path, problems);
            if (er.isEmpty()) {
                continue;
            }
            allow(er.get(), path, problems).ifPresent(a -> {
                if (!seen.add(a.resource() + " " + a.property())) {
                    problems.add(
                            a.at(),
                            path,
                            "a second entry for " + a.resource() + " " + a.property() + " in this record");
                } else {
                    out.add(a);
                }
            });
        }
        return out;
    }

    private static Optional<Allow> allow(MapReader e, String path, Problems problems) {
        int before = problems.size();
        Optional<ResourceId> id = e.requireString("resource").flatMap(text -> resource(text, e, problems));
        Optional<String> property = e.requireString("property");
        if (id.isPresent() && property.isPresent() && !id.get().type().hasProperty(property.get())) {
            problems.add(
                    e.keyMark("property"),
                    e.childPath("property"),
                    "'" + property.get() + "' is not a property of "
                            + id.get().type().key() + " (one of "
                            + id.get().type().properties() + ")");
        }
        Value value = null;
        boolean isContent = property.filter("content"::equals).isPresent();
        if (e.has("value")) {
            if (isContent) {
                problems.add(
                        e.keyMark("value"), e.childPath("value"), "content is approved with sha256 or hmac, not value");
            }
            YNode n = e.node("value").orElseThrow();
            if (property.filter("groups"::equals).isPresent()) {
                value = Values.stringList(n, e.childPath("value"), problems)
                        .map(Value::list)
                        .orElse(null);
            } else {
                value = Values.string(n, e.childPath("value"), problems)
                        .map(v -> canonical(property.orElse(""), v))
                        .map(Value::of)
                        .orElse(null);
            }
        }
        for (String k : List.of("sha256", "hmac")) {
            if (!e.has(k)) {
                continue;
            }
            Optional<String> v = e.optString(k);
            if (!isContent) {
                problems.add(e.keyMark(k), e.childPath(k), k + " only approves content");
            } else if (value != null) {
                problems.add(e.keyMark(k), e.childPath(k), "give one approved value");
            } else if (v.isPresent()) {
                String hex = v.get().startsWith(k + ":") ? v.get().substring(k.length() + 1) : v.get();
                if (!(k.equals("sha256") ? HEX64 : HMAC).matcher(hex).matches()) {
                    problems.add(
                            e.keyMark(k),
                            e.childPath(k),
                            k.equals("sha256")
                                    ? "must be 64 lowercase hex digits"
                                    : "must be the 16 hex digits shown in reports");
                } else {
                    value = Value.of(k + ":" + hex);
                }
            }
        }
        e.finish();
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Allow(id.get(), property.get(), value, e.mark()));
    }

    /** Approved values in the canonical form of section 2, so that "644" approves mode 0644. */
    private static String canonical(String property, String v) {
        return switch (property) {
            case "value", "persisted" -> ResourceParser.normalizeSysctl(v);
            case "mode" -> v.matches("[0-7]{3}") ? "0" + v : v;
            default -> v;
        };
    }

    private static Optional<ResourceId> resource(String text, MapReader e, Problems problems) {
        Optional<ResourceId> id = ResourceId.parse(text);
        String where = e.childPath("resource");
        if (id.isEmpty()) {
            problems.add(
                    e.keyMark("resource"),
                    where,
                    "must be TYPE:NAME like sysctl:net.core.somaxconn, got '" + text + "'");
            return Optional.empty();
        }
        ResourceId r = id.get();
        Optional<String> bad = Names.invisibleCharacter(r.name())
                .or(() -> Names.lengthProblem(r.name(), r.type() == ResourceType.FILE));
        if (bad.isPresent()) {
            problems.add(e.keyMark("resource"), where, "name " + bad.get());
            return Optional.empty();
        }
        if (r.name().chars().anyMatch(c -> c == '*' || c == '?' || c == '[')) {
            problems.add(e.keyMark("resource"), where, "an exact identity is required, globs are not allowed: " + text);
            return Optional.empty();
        }
        if (r.type() == ResourceType.FILE && !Names.isNormalAbsolutePath(r.name())) {
            problems.add(e.keyMark("resource"), where, "file names must be absolute and normalized: " + r.name());
            return Optional.empty();
        }
        if (r.type() == ResourceType.SERVICE) {
            return Optional.of(new ResourceId(r.type(), Names.unitName(r.name())));
        }
        return id;
    }
}
