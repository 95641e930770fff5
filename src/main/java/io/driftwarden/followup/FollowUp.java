package io.driftwarden.followup;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The streams the store keeps between runs, by id. At most one stream per key and kind: a stream that ends for good
 * (approved, folded in, or resolved longer ago than the flap window) leaves the map, and the key's next drift opens a
 * new one.
 */
public record FollowUp(Map<String, Stream> streams) {
    public static final FollowUp NONE = new FollowUp(Map.of());

    public FollowUp {
        streams = java.util.Collections.unmodifiableMap(new TreeMap<>(streams));
    }

    public Optional<Stream> find(Stream.Kind kind, String key) {
        return streams.values().stream()
                .filter(s -> s.kind() == kind && s.key().equals(key))
                .findFirst();
    }

    public Collection<Stream> all() {
        return streams.values();
    }
}
