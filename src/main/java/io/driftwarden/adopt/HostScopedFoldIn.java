package io.driftwarden.adopt;

import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.diff.Drift;
import io.driftwarden.standard.Declared;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.Standard;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Pure: {@code adopt} on one host of many. Editing a line of a standard that also selects other hosts would change
 * every one of them; instead the live values go to a standard for this host alone, {@code host-<host>.yaml}, which
 * {@code overrides} the shared standards that declare them. It is created, or extended when an earlier adopt made
 * it; no other host's plan changes. A standard, not an inventory variable: the inventory is not signed, the
 * standard is, so the exception goes through the same sign-off as the rule it bends.
 */
public final class HostScopedFoldIn {
    private HostScopedFoldIn() {}

    /** The bundle file of the host's own standard. Host names are letters, digits, '.', '_' and '-'. */
    public static String file(String host) {
        return "host-" + host + ".yaml";
    }

    /**
     * The standards (names, sorted) that declare a drifting property of the checked resource and also select
     * other hosts ({@code shared}); empty when editing the declarations in place affects this host alone.
     */
    public static List<String> sharedDeclarers(
            List<Standard> standards, ResourceCheck check, String host, Predicate<Standard> shared) {
        TreeSet<String> out = new TreeSet<>();
        for (Standard s : standards) {
            if (s.file().equals(file(host)) || !shared.test(s)) {
                continue;
            }
            for (Resource x : s.resources()) {
                if (x.id().equals(check.resource().id())
                        && check.drifts().stream()
                                .anyMatch(
                                        cd -> x.property(cd.drift().property()).isPresent())) {
                    out.add(s.name());
                }
            }
        }
        return List.copyOf(out);
    }

    /** The edits that make {@code host-<host>.yaml} demand the live values, overriding {@code overridden}. */
    public static FoldIn.Plan plan(
            Map<String, byte[]> bundle,
            List<Standard> standards,
            ResourceCheck check,
            boolean sensitive,
            String host,
            List<String> overridden) {
        String f = file(host);
        Optional<Standard> own =
                standards.stream().filter(s -> s.file().equals(f)).findFirst();
        Resource r = check.resource();
        Resource ownResource = own.flatMap(s -> s.resources().stream()
                        .filter(x -> x.id().equals(r.id()))
                        .findFirst())
                .orElse(null);
        List<String> lines = own.isPresent() ? FoldIn.lines(bundle.get(f)) : new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<ClassifiedDrift> adopted = new ArrayList<>();
        Map<String, byte[]> edits = new TreeMap<>();
        Map<String, String> added = new LinkedHashMap<>();
        for (ClassifiedDrift cd : check.drifts()) {
            Drift d = cd.drift();
            Optional<String> refusal = FoldIn.refusal(r, d, sensitive);
            Declared mine = ownResource == null
                    ? null
                    : ownResource.property(d.property()).orElse(null);
            if (refusal.isPresent()) {
                notes.add(r.id() + " " + d.property() + ": " + refusal.get());
            } else if (d.actual() == null) {
                notes.add(r.id() + " " + d.property() + ": missing on the host, so there is no value to demand");
            } else if (mine != null && !mine.implicit()) {
                // an earlier adopt already pinned this property for the host: edit it there
                FoldIn.edit(lines, mine, r, d, check, bundle, edits, notes).ifPresent(e -> {
                    lines.clear();
                    lines.addAll(e);
                    adopted.add(cd);
                });
            } else if (d.property().equals("content")) {
                Optional<byte[]> bytes = FoldIn.liveBytes(check, r, d.actual());
                if (bytes.isEmpty()) {
                    notes.add(r.id() + FoldIn.NOT_RETURNED);
                } else {
                    String source = "files/host-" + host + r.id().name();
                    edits.put(source, bytes.get());
                    added.put("source", YamlLines.quote(source));
                    adopted.add(cd);
                }
            } else {
                added.put(d.property(), FoldIn.yamlValue(d.property(), d.actual()));
                adopted.add(cd);
            }
        }
        if (adopted.isEmpty()) {
            return new FoldIn.Plan(Map.of(), notes, adopted);
        }
        Optional<List<String>> text = own.isEmpty()
                ? Optional.of(fresh(host, overridden, r, added))
                : extended(lines, own.get(), overridden, r, ownResource, added);
        if (text.isEmpty()) {
            notes.add(f + ": not in the shape adopt writes (overrides on one line, no flow mappings); add " + r.id()
                    + " to it by hand");
            return new FoldIn.Plan(Map.of(), notes, List.of());
        }
        edits.put(f, (String.join("\n", text.get()) + "\n").getBytes(StandardCharsets.UTF_8));
        return new FoldIn.Plan(edits, notes, adopted);
    }

    private static List<String> fresh(String host, List<String> overridden, Resource r, Map<String, String> added) {
        List<String> out = new ArrayList<>(List.of(
                "# " + host + " alone: hotfixes folded in with `driftwarden adopt`. The shared standards named under",
                "# overrides keep their values for every other host.",
                "standard: " + YamlLines.quote("host-" + host),
                "description: " + YamlLines.quote("Values for " + host + " only"),
                "applies_to: {hosts: [" + YamlLines.quote(host) + "]}",
                "overrides: " + YamlLines.flowList(overridden),
                "resources:"));
        out.addAll(resourceBlock(r, added));
        return out;
    }

    private static Optional<List<String>> extended(
            List<String> lines,
            Standard own,
            List<String> overridden,
            Resource r,
            Resource ownResource,
            Map<String, String> added) {
        List<String> out = lines;
        TreeSet<String> wanted = new TreeSet<>(own.overrides());
        wanted.addAll(overridden);
        if (!wanted.equals(new TreeSet<>(own.overrides()))) {
            if (own.overridesAt() == null) {
                return Optional.empty();
            }
            Optional<List<String>> o = YamlLines.replaceValue(
                    out, own.overridesAt().line(), "overrides", YamlLines.flowList(List.copyOf(wanted)));
            if (o.isEmpty() || o.get().size() != out.size()) {
                return Optional.empty();
            }
            out = o.get();
        }
        if (added.isEmpty()) {
            return Optional.of(out);
        }
        if (ownResource == null) {
            out = new ArrayList<>(out);
            while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
                out.remove(out.size() - 1);
            }
            out.addAll(resourceBlock(r, added));
            return Optional.of(out);
        }
        List<Map.Entry<String, String>> reversed = new ArrayList<>(added.entrySet());
        java.util.Collections.reverse(reversed);
        for (Map.Entry<String, String> e : reversed) {
            Optional<List<String>> next = YamlLines.insertAfter(
                    out, ownResource.at().line(), ownResource.at().column(), e.getKey(), e.getValue());
            if (next.isEmpty()) {
                return Optional.empty();
            }
            out = next.get();
        }
        return Optional.of(out);
    }

    private static List<String> resourceBlock(Resource r, Map<String, String> added) {
        List<String> out = new ArrayList<>();
        out.add("  - " + r.id().type().key() + ": " + YamlLines.quote(r.id().name()));
        added.forEach((k, v) -> out.add("    " + k + ": " + v));
        return out;
    }
}
