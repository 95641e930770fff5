package io.driftwarden.standard;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** A resource's identity, {@code TYPE:NAME}; ordered by UTF-8 bytes like every list in a report. */
public record ResourceId(ResourceType type, String name) implements Comparable<ResourceId> {
    public ResourceId {
        if (type == null || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("resource identity needs a type and a name");
        }
    }

    /** Parses {@code file:/etc/x}; the name is taken as written (callers canonicalise names). */
    public static Optional<ResourceId> parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return Optional.empty();
        }
        return ResourceType.byKey(text.substring(0, colon)).map(t -> new ResourceId(t, text.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return type.key() + ":" + name;
    }

    @Override
    public int compareTo(ResourceId o) {
        return Utf8Order.compare(toString(), o.toString());
    }

    /** Byte-order comparison of strings as UTF-8, the order of every list in a report. */
    public static final class Utf8Order {
        private Utf8Order() {}

        public static int compare(String a, String b) {
            return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        }
    }
}
