package io.driftwarden.standard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one host must look like: the union of the resources of every standard that selects it, with the host's
 * values filled in. Two standards demanding different values for one property of one resource are a conflict for
 * this host only, unless one {@code overrides} the other (directly or through others): then it wins, and the plan
 * says so.
 */
public record HostPlan(
        List<String> standards,
        List<Resource> resources,
        List<Override> overrides,
        UserGuard users,
        java.util.Set<String> declaredFiles) {
    public HostPlan {
        standards = List.copyOf(standards);
        resources = List.copyOf(resources);
        overrides = List.copyOf(overrides);
        // every file the host's standards declare, even when this plan judges only some resources (an exclusive
        // directory's declared entries are never "unmanaged" because a revert or adopt looks at the directory alone)
        java.util.Set<String> files = new java.util.TreeSet<>(declaredFiles);
        resources.stream().filter(r -> r.id().type() == ResourceType.FILE).forEach(r -> files.add(r.id().name()));
        declaredFiles = java.util.Collections.unmodifiableSet(files);
    }

    public HostPlan(List<String> standards, List<Resource> resources) {
        this(standards, resources, List.of(), null, java.util.Set.of());
    }

    /** Only {@code r} judged (a revert, an adoption), with everything else the host's standards declare still known. */
    public HostPlan only(Resource r) {
        return new HostPlan(standards, List.of(r), List.of(), null, declaredFiles);
    }

    /** The plan with each normalizer judged at {@code now} (the run's instant): an expired one compares exactly. */
    public HostPlan at(java.time.Instant now) {
        return new HostPlan(
                standards, resources.stream().map(r -> r.at(now)).toList(), overrides, users, declaredFiles);
    }

    /** A conflict: both places that disagree. */
    public record Conflict(ResourceId resource, String property, Declared first, Declared second) {
        public String message() {
            return resource + " " + property + ": " + first.at().shortForm() + " wants '" + first.expected() + "' but "
                    + second.at().shortForm() + " wants '" + second.expected() + "'";
        }
    }

    /** A value one standard replaced in another that it overrides. */
    public record Override(ResourceId resource, String property, Declared winner, Declared overridden) {
        public String message() {
            return resource + " " + property + ": " + winner.at().shortForm() + " ('" + winner.expected()
                    + "') overrides " + overridden.at().shortForm() + " ('" + overridden.expected() + "')";
        }
    }

    /** Why the host cannot be planned: {@code conflict} (standards disagree) or {@code standard} (a value lacks a variable). */
    public record Failure(String kind, String message) {}

    /** The plan, or what prevents it (conflicts are sorted so the message is stable). */
    public record Resolution(HostPlan plan, List<Conflict> conflicts, List<String> missing) {
        public Resolution {
            conflicts = List.copyOf(conflicts);
            missing = List.copyOf(missing);
        }

        public Optional<HostPlan> ok() {
            return failure().isEmpty() ? Optional.of(plan) : Optional.empty();
        }

        public Optional<Failure> failure() {
            if (!conflicts.isEmpty()) {
                return Optional.of(new Failure(
                        "conflict",
                        String.join(
                                "; ", conflicts.stream().map(Conflict::message).toList())));
            }
            if (!missing.isEmpty()) {
                return Optional.of(new Failure("standard", String.join("; ", missing)));
            }
            return Optional.empty();
        }
    }

    public static Resolution resolve(List<Standard> all, String host, Set<String> groups) {
        return resolve(all, Target.of(host, groups));
    }

    public static Resolution resolve(List<Standard> all, Target target) {
        List<Standard> selected = all.stream()
                .filter(s -> s.appliesTo().matches(target.name(), target.groups()))
                .toList();
        Map<String, Set<String>> beneath = beneath(all);
        Map<String, String> standardOfFile = new HashMap<>();
        all.forEach(s -> standardOfFile.put(s.file(), s.name()));
        List<String> names = new ArrayList<>();
        Map<ResourceId, Resource> merged = new TreeMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        List<Override> overrides = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        UserGuard users = null;
        Merge merge = new Merge(beneath, standardOfFile, conflicts, overrides);
        for (Standard s : selected) {
            names.add(s.name());
            users = s.users() == null ? users : s.users().strictest(users);
            for (Resource raw : s.resources()) {
                Resource r = fill(raw, target, missing);
                Resource prior = merged.get(r.id());
                merged.put(r.id(), prior == null ? r : merge.merge(prior, r));
            }
        }
        names.sort(ResourceId.Utf8Order::compare);
        Comparator<ResourceId> byId = Comparator.naturalOrder();
        conflicts.sort(Comparator.comparing(Conflict::resource, byId).thenComparing(Conflict::property));
        overrides.sort(Comparator.comparing(Override::resource, byId).thenComparing(Override::property));
        return new Resolution(
                new HostPlan(names, List.copyOf(merged.values()), overrides, users, java.util.Set.of()),
                conflicts,
                missing);
    }

    /** For each standard, every standard it overrides directly or through others. */
    private static Map<String, Set<String>> beneath(List<Standard> all) {
        Map<String, List<String>> direct = new HashMap<>();
        all.forEach(s -> direct.put(s.name(), s.overrides()));
        Map<String, Set<String>> out = new HashMap<>();
        for (Standard s : all) {
            Set<String> seen = new HashSet<>();
            List<String> todo = new ArrayList<>(s.overrides());
            while (!todo.isEmpty()) {
                String n = todo.remove(todo.size() - 1);
                if (seen.add(n)) {
                    todo.addAll(direct.getOrDefault(n, List.of()));
                }
            }
            out.put(s.name(), seen);
        }
        return out;
    }

    /** The resource with this host's values in its text properties and inline content. */
    private static Resource fill(Resource r, Target target, List<String> missing) {
        boolean templated = r.properties().values().stream()
                        .anyMatch(d -> !d.expected().isList()
                                && Interpolation.isTemplate(d.expected().text()))
                || r.content() != null && r.content().template();
        if (!templated) {
            return r;
        }
        Map<String, Declared> props = new LinkedHashMap<>();
        ExpectedContent content = r.content();
        for (Declared d : r.properties().values()) {
            if (d.property().equals("content") && content != null && content.template()) {
                String text = new String(content.bytes().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
                Interpolation.Result filled = checked(Interpolation.apply(text, target), d, target, missing);
                byte[] bytes = filled.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                content = new ExpectedContent(ResourceParser.sha256(bytes), bytes);
                props.put(
                        d.property(),
                        new Declared(d.property(), Value.of("sha256:" + content.sha256()), d.at(), d.implicit()));
            } else if (!d.expected().isList()
                    && Interpolation.isTemplate(d.expected().text())) {
                Interpolation.Result filled =
                        checked(Interpolation.apply(d.expected().text(), target), d, target, missing);
                props.put(
                        d.property(),
                        new Declared(
                                d.property(),
                                Value.of(canonical(r.id().type(), d.property(), filled.text(), d, target, missing)),
                                d.at(),
                                d.implicit()));
            } else {
                props.put(d.property(), d);
            }
        }
        return r.withProperties(props, content);
    }

    private static Interpolation.Result checked(
            Interpolation.Result filled, Declared d, Target target, List<String> missing) {
        for (String m : filled.missing()) {
            missing.add(d.at().shortForm() + ": " + m + " is not defined for host " + target.name()
                    + " (give it in the inventory's vars, group_vars or host_vars)");
        }
        return filled;
    }

    /** A filled-in value in its canonical form; a value that is not valid once filled in fails the host like a missing one. */
    private static String canonical(
            ResourceType type, String property, String value, Declared d, Target target, List<String> missing) {
        Optional<String> bad =
                Names.invisibleCharacter(value).or(() -> ResourceParser.valueProblem(type, property, value));
        if (bad.isPresent()) {
            missing.add(d.at().shortForm() + ": " + property + " for host " + target.name() + " " + bad.get());
            return value;
        }
        return ResourceParser.canonical(type, property, value);
    }

    /** Merges a standard's declaration of a resource into what earlier standards declared for the host. */
    private record Merge(
            Map<String, Set<String>> beneath,
            Map<String, String> standardOfFile,
            List<Conflict> conflicts,
            List<Override> overrides) {
        private boolean overrides(Declared a, Declared b) {
            String sa = standardOfFile.get(a.at().file());
            String sb = standardOfFile.get(b.at().file());
            return sa != null
                    && sb != null
                    && beneath.getOrDefault(sa, Set.of()).contains(sb);
        }

        Resource merge(Resource a, Resource b) {
            Map<String, Declared> props = new LinkedHashMap<>(a.properties());
            ExpectedContent content = a.content() != null ? a.content() : b.content();
            for (Declared d : b.properties().values()) {
                Declared prior = props.get(d.property());
                if (prior == null) {
                    props.put(d.property(), d);
                } else if (!prior.expected().equals(d.expected())) {
                    if (overrides(d, prior)) {
                        props.put(d.property(), d);
                        content = d.property().equals("content") ? b.content() : content;
                        record(a.id(), d, prior);
                    } else if (overrides(prior, d)) {
                        record(a.id(), prior, d);
                    } else {
                        conflicts.add(new Conflict(a.id(), d.property(), prior, d));
                    }
                } else if (prior.implicit() && !d.implicit()) {
                    props.put(d.property(), d);
                }
            }
            Boolean sensitive = a.sensitive() != null ? a.sensitive() : b.sensitive();
            if (a.sensitive() != null && b.sensitive() != null && !a.sensitive().equals(b.sensitive())) {
                sensitive = Boolean.TRUE;
            }
            Declared ensure = props.get("ensure");
            if (ensure != null
                    && props.size() > 1
                    && "absent".equals(ensure.expected().text())) {
                Declared other = props.values().stream()
                        .filter(d -> !d.property().equals("ensure"))
                        .findFirst()
                        .orElseThrow();
                if (overrides(ensure, other)) {
                    props.keySet().removeIf(k -> !k.equals("ensure"));
                    content = null;
                } else {
                    conflicts.add(new Conflict(a.id(), "ensure", ensure, other));
                }
            }
            Normalizer normalizer = props.get("content") != null
                            && props.get("content") == b.properties().get("content")
                    ? b.normalizer()
                    : a.normalizer() != null ? a.normalizer() : b.normalizer();
            return new Resource(
                    a.id(),
                    props,
                    sensitive,
                    content,
                    a.standard(),
                    a.at(),
                    a.exclusive() || b.exclusive(),
                    normalizer);
        }

        /** An implicit ensure that an override replaced is not news: only written values are reported. */
        private void record(ResourceId id, Declared winner, Declared loser) {
            if (!(winner.implicit() && loser.implicit())) {
                overrides.add(new Override(id, winner.property(), winner, loser));
            }
        }
    }
}
