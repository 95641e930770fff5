package io.driftwarden.standard;

import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.Mark;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.YNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Turns one entry of {@code resources:} into a {@link Resource}, enforcing section 2's load rules. */
public final class ResourceParser {
    private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ID_REF = Pattern.compile("#[0-9]+");

    private final String standard;
    private final Function<String, Optional<byte[]>> bundleFile;
    private final Problems problems;

    /** @param bundleFile reads a bundle-relative path ({@code files/x}) from the bytes already loaded */
    public ResourceParser(String standard, Function<String, Optional<byte[]>> bundleFile, Problems problems) {
        this.standard = standard;
        this.bundleFile = bundleFile;
        this.problems = problems;
    }

    public Optional<Resource> parse(YNode node, String path) {
        Optional<MapReader> reader = MapReader.of(node, path, problems);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        MapReader r = reader.get();
        // The first key names the type (file's `group:` property must not be taken for a group resource).
        Optional<ResourceType> first = r.keys().isEmpty()
                ? Optional.empty()
                : ResourceType.byKey(r.keys().get(0));
        if (first.isEmpty()) {
            problems.add(
                    r.mark(),
                    path,
                    "a resource starts with its type key (file, package, service, sysctl, user, group)"
                            + (r.keys().isEmpty() ? "" : ", found '" + r.keys().get(0) + "'"));
            return Optional.empty();
        }
        ResourceType type = first.get();
        int before = problems.size();
        Optional<String> rawName = r.optString(type.key());
        Mark at = r.keyMark(type.key());
        if (rawName.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> name = canonicalName(type, rawName.get(), at, r.childPath(type.key()));
        Map<String, Declared> props = new LinkedHashMap<>();
        Boolean sensitive = null;
        ExpectedContent content = null;
        boolean exclusive = false;
        Normalizer normalizer = null;
        switch (type) {
            case FILE -> {
                content = fileProperties(r, props);
                normalizer = compare(r, content);
                sensitive = r.optBool("sensitive").orElse(null);
                exclusive = r.optBool("exclusive").orElse(false);
                Declared ensure = props.get("ensure");
                if (exclusive && (ensure == null || !ensure.expected().text().equals("directory"))) {
                    problems.add(r.keyMark("exclusive"), r.childPath("exclusive"), "exclusive needs ensure: directory");
                }
            }
            case PACKAGE -> {
                choice(r, "ensure", Set.of("installed", "absent"), props);
                text(type, r, "version", props);
            }
            case SERVICE -> {
                r.optBool("running").ifPresent(b -> put(props, "running", b.toString(), r));
                r.node("enabled").ifPresent(n -> enabled(n, r, props));
            }
            case SYSCTL -> {
                text(type, r, "value", props);
                text(type, r, "persisted", props);
            }
            case USER -> {
                choice(r, "ensure", Set.of("present", "absent"), props);
                id(r, "uid", props);
                id(r, "gid", props);
                text(type, r, "home", props);
                text(type, r, "shell", props);
                r.optStringList("groups")
                        .ifPresent(g ->
                                props.put("groups", new Declared("groups", Value.list(g), r.keyMark("groups"), false)));
            }
            case GROUP -> {
                choice(r, "ensure", Set.of("present", "absent"), props);
                id(r, "gid", props);
            }
        }
        r.finish();
        type.defaultEnsure().ifPresent(d -> props.putIfAbsent("ensure", new Declared("ensure", Value.of(d), at, true)));
        checkEnsureRules(type, props, r);
        if (type == ResourceType.SERVICE || type == ResourceType.SYSCTL) {
            if (props.isEmpty() && problems.size() == before) {
                problems.add(at, path, "declares no property to audit");
            }
        }
        if (problems.size() > before || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Resource(
                new ResourceId(type, name.get()), props, sensitive, content, standard, at, exclusive, normalizer));
    }

    private Optional<String> canonicalName(ResourceType type, String raw, Mark at, String path) {
        Optional<String> bad = Names.invisibleCharacter(raw);
        if (bad.isPresent()) {
            problems.add(at, path, "name " + bad.get() + " (reviewers cannot see it)");
            return Optional.empty();
        }
        if (raw.isBlank()) {
            problems.add(at, path, "name is empty");
            return Optional.empty();
        }
        Optional<String> tooLong = Names.lengthProblem(raw, type == ResourceType.FILE);
        if (tooLong.isPresent()) {
            problems.add(at, path, "name " + tooLong.get());
            return Optional.empty();
        }
        if (Interpolation.isTemplate(raw)) {
            problems.add(at, path, "names are never interpolated (a resource is the same resource on every host)");
            return Optional.empty();
        }
        if (type == ResourceType.FILE && !Names.isNormalAbsolutePath(raw)) {
            problems.add(at, path, "file names must be absolute and normalized (no //, ., .. or trailing /): " + raw);
            return Optional.empty();
        }
        if (type == ResourceType.SERVICE) {
            return Optional.of(Names.unitName(raw));
        }
        return Optional.of(raw);
    }

    private ExpectedContent fileProperties(MapReader r, Map<String, Declared> props) {
        choice(r, "ensure", Set.of("file", "directory", "link", "absent"), props);
        text(ResourceType.FILE, r, "owner", props);
        text(ResourceType.FILE, r, "group", props);
        r.node("mode").ifPresent(n -> mode(n, r, props));
        text(ResourceType.FILE, r, "target", props);
        List<String> sources = new ArrayList<>();
        for (String k : List.of("source", "content", "sha256")) {
            if (r.has(k)) {
                sources.add(k);
            }
        }
        if (sources.size() > 1) {
            problems.add(
                    r.keyMark(sources.get(1)),
                    r.path(),
                    "give the content once: one of source, content, sha256 (found " + sources + ")");
        }
        ExpectedContent content = null;
        Optional<String> source = r.optString("source");
        Optional<String> inline = r.optString("content");
        Optional<String> digest = r.optString("sha256");
        if (source.isPresent()) {
            String rel = source.get();
            Optional<byte[]> bytes =
                    rel.startsWith("/") || rel.contains("..") ? Optional.empty() : bundleFile.apply(rel);
            if (bytes.isEmpty()) {
                problems.add(r.keyMark("source"), r.childPath("source"), "no such file in the bundle: " + rel);
            } else {
                content = new ExpectedContent(sha256(bytes.get()), bytes.get());
            }
        } else if (inline.isPresent()) {
            byte[] bytes = inline.get().getBytes(StandardCharsets.UTF_8);
            Optional<String> bad = Interpolation.problem(inline.get());
            bad.ifPresent(b -> problems.add(r.keyMark("content"), r.childPath("content"), b));
            content = new ExpectedContent(sha256(bytes), bytes, Interpolation.isTemplate(inline.get()));
        } else if (digest.isPresent()) {
            String hex = digest.get().startsWith("sha256:") ? digest.get().substring(7) : digest.get();
            if (!HEX64.matcher(hex).matches()) {
                problems.add(r.keyMark("sha256"), r.childPath("sha256"), "must be 64 lowercase hex digits");
            } else {
                content = new ExpectedContent(hex, null);
            }
        }
        if (content != null) {
            String key = sources.isEmpty() ? "content" : sources.get(0);
            props.put(
                    "content", new Declared("content", Value.of("sha256:" + content.sha256()), r.keyMark(key), false));
        }
        return content;
    }

    /** {@code compare: exact} (the default) or {@code {mode: ignore-comments-and-blank-lines, justification, expires}}. */
    private Normalizer compare(MapReader r, ExpectedContent content) {
        Optional<YNode> node = r.node("compare");
        if (node.isEmpty()) {
            return null;
        }
        if (node.get() instanceof YNode.Scalar) {
            String mode = r.optString("compare").orElse("");
            if (!mode.equals("exact")) {
                problems.add(
                        r.keyMark("compare"),
                        r.childPath("compare"),
                        "is exact, or {mode: " + Normalizer.IGNORE_COMMENTS
                                + ", justification: ..., expires: ...} (a relaxed comparison needs a reason and an end)");
            }
            return null;
        }
        Optional<MapReader> m = r.optMap("compare");
        if (m.isEmpty()) {
            return null;
        }
        MapReader c = m.get();
        String mode = c.requireString("mode").orElse("");
        Optional<String> why = c.requireString("justification");
        Optional<java.time.Instant> expires = c.instant("expires", true);
        c.finish();
        if (!mode.equals("exact") && !mode.equals(Normalizer.IGNORE_COMMENTS)) {
            problems.add(
                    c.keyMark("mode"),
                    c.childPath("mode"),
                    "must be exact or " + Normalizer.IGNORE_COMMENTS + ", got '" + mode + "'");
            return null;
        }
        if (why.isPresent() && why.get().isBlank()) {
            problems.add(c.keyMark("justification"), c.childPath("justification"), "must say why comments may differ");
        }
        if (mode.equals("exact") || why.isEmpty() || expires.isEmpty()) {
            return null;
        }
        if (content == null || content.bytes().isEmpty()) {
            problems.add(
                    c.mark(),
                    c.path(),
                    "needs the expected content itself (source or content, not sha256) to compare it");
            return null;
        }
        return new Normalizer(why.get(), expires.get(), r.keyMark("compare"), false);
    }

    private void checkEnsureRules(ResourceType type, Map<String, Declared> props, MapReader r) {
        Declared ensure = props.get("ensure");
        if (ensure == null) {
            return;
        }
        String e = ensure.expected().text();
        if (e.equals("absent") && props.size() > 1) {
            List<String> others =
                    props.keySet().stream().filter(k -> !k.equals("ensure")).toList();
            problems.add(ensure.at(), r.childPath("ensure"), "ensure: absent cannot be combined with " + others);
            return;
        }
        if (type != ResourceType.FILE) {
            return;
        }
        if (e.equals("link") && props.containsKey("mode")) {
            problems.add(props.get("mode").at(), r.childPath("mode"), "a link has no mode of its own (remove mode)");
        }
        if ((e.equals("link") || e.equals("directory")) && props.containsKey("content")) {
            problems.add(
                    props.get("content").at(), r.path(), "a " + e + " has no content (remove source/content/sha256)");
        }
        if (!e.equals("link") && props.containsKey("target")) {
            problems.add(props.get("target").at(), r.childPath("target"), "target needs ensure: link");
        }
    }

    private void choice(MapReader r, String key, Set<String> allowed, Map<String, Declared> props) {
        r.optString(key).ifPresent(v -> {
            if (!allowed.contains(v)) {
                problems.add(
                        r.keyMark(key),
                        r.childPath(key),
                        "must be one of " + allowed.stream().sorted().toList() + ", got '" + v + "'");
            } else {
                put(props, key, v, r);
            }
        });
    }

    /**
     * A text property. One that holds host references is checked once the host's values are filled in
     * ({@link HostPlan}); its references are checked here.
     */
    private void text(ResourceType type, MapReader r, String key, Map<String, Declared> props) {
        r.optString(key).ifPresent(v -> {
            Optional<String> bad = Names.invisibleCharacter(v)
                    .or(() -> Interpolation.problem(v))
                    .or(() -> Interpolation.isTemplate(v) ? Optional.empty() : valueProblem(type, key, v));
            if (bad.isPresent()) {
                problems.add(r.keyMark(key), r.childPath(key), bad.get());
            } else {
                put(props, key, Interpolation.isTemplate(v) ? v : canonical(type, key, v), r);
            }
        });
    }

    /** A valid text property's canonical form: sysctl values collapsed, a version floor written {@code ">= V"}. */
    static String canonical(ResourceType type, String property, String v) {
        if (type == ResourceType.SYSCTL) {
            return normalizeSysctl(v);
        }
        return type == ResourceType.PACKAGE && property.equals("version")
                ? VersionRequirement.of(v).canonical()
                : v;
    }

    /** What is wrong with a text property's value, as written or as filled in for a host. */
    static Optional<String> valueProblem(ResourceType type, String property, String v) {
        return Optional.ofNullable(
                switch (property) {
                    case "owner", "group" -> type == ResourceType.FILE ? ownerProblem(v) : null;
                    case "target" -> v.isEmpty() ? "must not be empty" : null;
                    case "version" -> VersionRequirement.parse(v).problem();
                    case "home" -> v.startsWith("/") ? null : "must be an absolute path";
                    default -> null;
                });
    }

    private void id(MapReader r, String key, Map<String, Declared> props) {
        r.optLong(key).ifPresent(v -> {
            if (v < 0 || v > 4294967294L) {
                problems.add(r.keyMark(key), r.childPath(key), "must be between 0 and 4294967294");
            } else {
                put(props, key, Long.toString(v), r);
            }
        });
    }

    private void mode(YNode n, MapReader r, Map<String, Declared> props) {
        if (n instanceof YNode.Scalar s && !s.plain() && MODE.matcher(s.value()).matches()) {
            String v = s.value().length() == 3 ? "0" + s.value() : s.value();
            put(props, "mode", v, r);
        } else {
            problems.add(
                    n.mark(),
                    r.childPath("mode"),
                    "must be a quoted octal string like \"0644\""
                            + (n instanceof YNode.Scalar s && s.plain()
                                    ? " (a YAML integer loses the octal meaning; quote it)"
                                    : ""));
        }
    }

    private void enabled(YNode n, MapReader r, Map<String, Declared> props) {
        if (n instanceof YNode.Scalar s
                && (s.value().equals("true") || s.value().equals("false"))
                && s.plain()) {
            put(props, "enabled", s.value(), r);
        } else if (n instanceof YNode.Scalar s && s.value().equals("masked")) {
            put(props, "enabled", "masked", r);
        } else {
            problems.add(n.mark(), r.childPath("enabled"), "must be true, false or masked");
        }
    }

    private static void put(Map<String, Declared> props, String key, String value, MapReader r) {
        props.put(key, new Declared(key, Value.of(value), r.keyMark(key), false));
    }

    private static String ownerProblem(String v) {
        if (v.isEmpty()) {
            return "must be a name or #<id>";
        }
        if (v.startsWith("#") && !ID_REF.matcher(v).matches()) {
            return "an id reference is # followed by digits, like #1001";
        }
        return v.contains(":") || v.contains(" ") ? "must be a name or #<id>" : null;
    }

    /** Canonical sysctl form: trimmed, runs of whitespace collapsed to one space. */
    public static String normalizeSysctl(String v) {
        return v.strip().replaceAll("\\s+", " ");
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
