package io.driftwarden.standard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one host must look like: the union of the resources of every standard that selects it.
 * Two standards demanding different values for one property of one resource are a conflict for this
 * host only.
 */
public record HostPlan(List<String> standards, List<Resource> resources) {
    public HostPlan {
        standards = List.copyOf(standards);
        resources = List.copyOf(resources);
    }

    /** A conflict: both places that disagree. */
    public record Conflict(ResourceId resource, String property, Declared first, Declared second) {
        public String message() {
            return resource + " " + property + ": " + first.at().shortForm() + " wants '" + first.expected()
                    + "' but " + second.at().shortForm() + " wants '" + second.expected() + "'";
        }
    }

    /** The plan, or the first conflict (conflicts are sorted so the message is stable). */
    public record Resolution(HostPlan plan, List<Conflict> conflicts) {
        public Optional<HostPlan> ok() {
            return conflicts.isEmpty() ? Optional.of(plan) : Optional.empty();
        }
    }

    public static Resolution resolve(List<Standard> all, String host, Set<String> groups) {
        List<String> names = new ArrayList<>();
        Map<ResourceId, Resource> merged = new TreeMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (Standard s : all) {
            if (!s.appliesTo().matches(host, groups)) {
                continue;
            }
            names.add(s.name());
            for (Resource r : s.resources()) {
                Resource prior = merged.get(r.id());
                merged.put(r.id(), prior == null ? r : merge(prior, r, conflicts));
            }
        }
        names.sort(ResourceId.Utf8Order::compare);
        conflicts.sort((a, b) -> (a.resource() + a.property()).compareTo(b.resource() + b.property()));
        return new Resolution(new HostPlan(names, List.copyOf(merged.values())), conflicts);
    }

    private static Resource merge(Resource a, Resource b, List<Conflict> conflicts) {
        Map<String, Declared> props = new LinkedHashMap<>(a.properties());
        for (Declared d : b.properties().values()) {
            Declared prior = props.get(d.property());
            if (prior == null) {
                props.put(d.property(), d);
            } else if (!prior.expected().equals(d.expected())) {
                conflicts.add(new Conflict(a.id(), d.property(), prior, d));
            } else if (prior.implicit() && !d.implicit()) {
                props.put(d.property(), d);
            }
        }
        Boolean sensitive = a.sensitive() != null ? a.sensitive() : b.sensitive();
        if (a.sensitive() != null && b.sensitive() != null && !a.sensitive().equals(b.sensitive())) {
            sensitive = Boolean.TRUE;
        }
        ExpectedContent content = a.content() != null ? a.content() : b.content();
        if (props.containsKey("ensure") && props.size() > 1 && "absent".equals(props.get("ensure").expected().text())) {
            Declared absent = props.get("ensure");
            Declared other = props.values().stream().filter(d -> !d.property().equals("ensure")).findFirst().orElseThrow();
            conflicts.add(new Conflict(a.id(), "ensure", absent, other));
        }
        return new Resource(a.id(), props, sensitive, content, a.standard(), a.at());
    }
}
