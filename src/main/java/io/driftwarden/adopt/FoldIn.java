package io.driftwarden.adopt;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.collect.FileFact;
import io.driftwarden.diff.Drift;
import io.driftwarden.standard.Declared;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.Standard;
import io.driftwarden.standard.Value;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure: `adopt` (section 9). From one resource's live drift, the bundle edits that make the standard demand the
 * live values (every standard that declares the property, so no conflict is left behind), as a patch for
 * {@code patch -p1}; and a fold-in change-record draft covering the drift until the changed standard is signed.
 * Changes nothing anywhere.
 */
public final class FoldIn {
    /** The edited bundle files (bundle-relative path to new bytes) and what could not be folded in, and why. */
    public record Plan(Map<String, byte[]> edits, List<String> notes, List<ClassifiedDrift> adopted) {
        public Plan {
            edits = java.util.Collections.unmodifiableMap(new TreeMap<>(edits));
            notes = List.copyOf(notes);
            adopted = List.copyOf(adopted);
        }
    }

    private FoldIn() {}

    /**
     * @param bundle    the bundle's files as they are now (bundle-relative path to bytes)
     * @param sensitive whether the resource is a sensitive file (its content is never written out)
     */
    public static Plan plan(
            Map<String, byte[]> bundle, List<Standard> standards, ResourceCheck check, boolean sensitive) {
        Map<String, List<String>> files = new TreeMap<>();
        Map<String, byte[]> replaced = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        List<ClassifiedDrift> adopted = new ArrayList<>();
        Resource r = check.resource();
        for (ClassifiedDrift cd : check.drifts()) {
            Drift d = cd.drift();
            String what = r.id() + " " + d.property();
            Optional<String> refusal = refusal(r, d, sensitive);
            if (refusal.isPresent()) {
                notes.add(what + ": " + refusal.get());
                continue;
            }
            boolean ok = true;
            for (Declared decl : declarations(standards, r, d.property())) {
                String file = decl.at().file();
                List<String> lines = files.computeIfAbsent(file, f -> lines(bundle.get(f)));
                int noted = notes.size();
                Optional<List<String>> edited = edit(lines, decl, r, d, check, bundle, replaced, notes);
                if (edited.isEmpty()) {
                    ok = false;
                    if (notes.size() == noted) {
                        notes.add(what + ": cannot edit " + decl.at().shortForm() + " safely; change it by hand to "
                                + d.actual());
                    }
                } else {
                    files.put(file, edited.get());
                }
            }
            if (ok) {
                adopted.add(cd);
            }
        }
        Map<String, byte[]> edits = new TreeMap<>(replaced);
        files.forEach((f, lines) -> {
            byte[] after = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
            if (!Arrays.equals(after, bundle.get(f))) {
                edits.put(f, after);
            }
        });
        return new Plan(edits, notes, adopted);
    }

    static Optional<String> refusal(Resource r, Drift d, boolean sensitive) {
        if (d.property().equals("content") && sensitive) {
            return Optional.of(
                    "sensitive: driftwarden never copies its content; put the reviewed file in the bundle by hand");
        }
        if (d.property().equals("ensure") && r.properties().size() > 1) {
            return Optional.of("the resource is " + d.actual() + " on the host: rewrite the whole resource by hand");
        }
        if (d.property().equals("version")
                && d.actual() != null
                && d.actual().text().contains(", ")) {
            return Optional.of("several instances are installed (" + d.actual() + "): decide which by hand");
        }
        return Optional.empty();
    }

    /** Where the property is demanded: every explicit declaration, or the resource's first line for a default ensure. */
    private static List<Declared> declarations(List<Standard> standards, Resource planned, String property) {
        List<Declared> out = new ArrayList<>();
        for (Standard s : standards) {
            for (Resource x : s.resources()) {
                if (x.id().equals(planned.id())) {
                    x.property(property).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    static Optional<List<String>> edit(
            List<String> lines,
            Declared decl,
            Resource r,
            Drift d,
            ResourceCheck check,
            Map<String, byte[]> bundle,
            Map<String, byte[]> replaced,
            List<String> notes) {
        int line = decl.at().line();
        Value live = d.actual();
        if (decl.implicit()) {
            return live == null
                    ? Optional.empty()
                    : YamlLines.insertAfter(lines, line, decl.at().column(), "ensure", YamlLines.quote(live.text()));
        }
        if (live == null) {
            return Optional.empty(); // "missing on the host" is not a value to demand
        }
        if (!d.property().equals("content")) {
            return YamlLines.replaceValue(lines, line, d.property(), yamlValue(d.property(), live));
        }
        String text = lines.get(line - 1);
        if (YamlLines.plainValue(text, "sha256").isPresent()) {
            return YamlLines.replaceValue(lines, line, "sha256", YamlLines.quote(live.text()));
        }
        Optional<byte[]> fetched = liveBytes(check, r, live);
        if (fetched.isEmpty()) {
            notes.add(r.id() + NOT_RETURNED);
            return Optional.empty();
        }
        byte[] bytes = fetched.get();
        Optional<String> source = YamlLines.plainValue(text, "source");
        if (source.isPresent() && bundle.containsKey(source.get())) {
            replaced.put(source.get(), bytes);
            return Optional.of(lines);
        }
        Optional<String> utf8 = utf8(bytes);
        return utf8.isEmpty()
                ? Optional.empty()
                : YamlLines.replaceValue(lines, line, "content", YamlLines.quote(utf8.get()));
    }

    /** A live value as the standard writes it: uid and gid are YAML integers, lists flow, every other value quoted. */
    static String yamlValue(String property, Value live) {
        boolean id = (property.equals("uid") || property.equals("gid"))
                && live.text().matches("[0-9]{1,10}");
        return live.isList() ? YamlLines.flowList(live.items()) : id ? live.text() : YamlLines.quote(live.text());
    }

    /** The live bytes of a file whose content drifts, when the probe returned exactly them. */
    static Optional<byte[]> liveBytes(ResourceCheck check, Resource r, Value live) {
        FileFact f = check.observation().files().get(r.id().name());
        byte[] bytes = f == null || f.content() == null ? null : f.content().bytes();
        if (bytes == null
                || live == null
                || !("sha256:" + io.driftwarden.standard.ResourceParser.sha256(bytes)).equals(live.text())) {
            return Optional.empty();
        }
        return Optional.of(bytes);
    }

    static final String NOT_RETURNED = " content: the probe did not return the live bytes (only a world-readable file"
            + " of at most 64 KiB is returned); put the reviewed file in the bundle by hand";

    static List<String> lines(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        return new ArrayList<>(Arrays.asList(s.split("\n", -1)));
    }

    static Optional<String> utf8(byte[] b) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(b))
                    .toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * The plan as one patch for {@code patch -p1 -d STANDARDS}. A file whose old or new text lacks a final
     * newline, or is not UTF-8, cannot be expressed safely and is named instead.
     */
    public static String patch(Map<String, byte[]> bundle, Plan plan, List<String> notes) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, byte[]> e : plan.edits().entrySet()) {
            byte[] before = bundle.getOrDefault(e.getKey(), new byte[0]);
            Optional<String> a = utf8(before);
            Optional<String> z = utf8(e.getValue());
            if (a.isEmpty()
                    || z.isEmpty()
                    || !a.get().isEmpty() && !a.get().endsWith("\n")
                    || !z.get().endsWith("\n")) {
                notes.add(e.getKey() + ": not text ending in a newline; replace it with the live file by hand");
                continue;
            }
            List<String> left = a.get().isEmpty() ? List.of() : lines(before);
            List<String> right = lines(e.getValue());
            UnifiedDiffUtils.generateUnifiedDiff(
                            bundle.containsKey(e.getKey()) ? "a/" + e.getKey() : "/dev/null",
                            "b/" + e.getKey(),
                            left,
                            DiffUtils.diff(left, right),
                            3)
                    // a new file's hunk starts at line 0, or patch(1) does not see a file to create
                    .forEach(l -> b.append(left.isEmpty() && l.startsWith("@@ -1,0 ") ? "@@ -0,0 " + l.substring(8) : l)
                            .append('\n'));
        }
        return b.toString();
    }

    /**
     * A fold-in change record covering the adopted drift on this host until the standard change is signed
     * (then the record turns unused, then stale, and is retired). Live values are canonical; sensitive content
     * is pinned by the hmac the reports show.
     */
    public static String recordDraft(
            String host, Resource r, List<ClassifiedDrift> drifts, Instant now, Duration maxValidity) {
        Instant expires = now.plus(maxValidity.compareTo(Duration.ofDays(14)) < 0 ? maxValidity : Duration.ofDays(14))
                .truncatedTo(ChronoUnit.SECONDS);
        StringBuilder b = new StringBuilder();
        b.append(
                "# Draft: choose the id (and file name approvals/<id>.yaml), name the approvers, review, then have them sign it.\n");
        b.append("id: CHG-XXXX\n");
        b.append("summary: ")
                .append(YamlLines.quote("Fold the hotfix of " + r.id() + " on " + host + " into the standard"))
                .append('\n');
        b.append("approved_by: [approver@example.com]\n");
        b.append("approved_at: ").append(now.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        b.append("expires: ").append(expires).append('\n');
        b.append("resolution: fold-in\n");
        b.append("applies_to: {hosts: [").append(YamlLines.quote(host)).append("]}\n");
        b.append("allow:\n");
        for (ClassifiedDrift cd : drifts) {
            Drift d = cd.drift();
            b.append("  - resource: ")
                    .append(YamlLines.quote(r.id().toString()))
                    .append('\n');
            b.append("    property: ").append(d.property()).append('\n');
            if (d.property().equals("content")) {
                String shown = d.shownActual().text();
                b.append(shown.startsWith("hmac:") ? "    hmac: " : "    sha256: ")
                        .append(YamlLines.quote(shown))
                        .append('\n');
            } else if (d.actual().isList()) {
                b.append("    value: ")
                        .append(YamlLines.flowList(d.actual().items()))
                        .append('\n');
            } else {
                b.append("    value: ")
                        .append(YamlLines.quote(d.actual().text()))
                        .append('\n');
            }
        }
        return b.toString();
    }
}
