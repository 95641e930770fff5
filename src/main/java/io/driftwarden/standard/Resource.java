package io.driftwarden.standard;

import io.driftwarden.yaml.Mark;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One declared resource: its identity, the properties it demands (the effective ensure included), and
 * for files the sensitivity declaration, the expected content bytes and whether the directory is {@code exclusive}
 * (every entry it holds must be declared).
 */
public record Resource(
        ResourceId id,
        Map<String, Declared> properties,
        Boolean sensitive,
        ExpectedContent content,
        String standard,
        Mark at,
        boolean exclusive,
        Normalizer normalizer) {
    public Resource(
            ResourceId id,
            Map<String, Declared> properties,
            Boolean sensitive,
            ExpectedContent content,
            String standard,
            Mark at) {
        this(id, properties, sensitive, content, standard, at, false, null);
    }

    public Resource {
        LinkedHashMap<String, Declared> ordered = new LinkedHashMap<>();
        for (String p : id.type().properties()) {
            if (properties.containsKey(p)) {
                ordered.put(p, properties.get(p));
            }
        }
        properties = Collections.unmodifiableMap(ordered);
    }

    public Optional<Declared> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** The effective ensure's canonical value, if the type has one. */
    public Optional<String> ensure() {
        return property("ensure").map(d -> d.expected().text());
    }

    public Optional<ExpectedContent> expectedContent() {
        return Optional.ofNullable(content);
    }

    public Resource withProperties(Map<String, Declared> props, ExpectedContent newContent) {
        return new Resource(id, props, sensitive, newContent, standard, at, exclusive, normalizer);
    }

    /** Whether content is compared ignoring comments and blank lines (a normalizer that has not lapsed). */
    public boolean normalized() {
        return normalizer != null && !normalizer.lapsed();
    }

    /** The resource with its normalizer judged at {@code now} (an expired one lapses). */
    public Resource at(java.time.Instant now) {
        return normalizer == null
                ? this
                : new Resource(id, properties, sensitive, content, standard, at, exclusive, normalizer.at(now));
    }
}
