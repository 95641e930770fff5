package io.driftwarden.standard;

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
        // the order of "TYPE:NAME" without building it: one type prefix is decided by the keys alone
        return type == o.type
                ? Utf8Order.compare(name, o.name)
                : Utf8Order.compare(type.key() + ':', o.type.key() + ':');
    }

    /** Byte-order comparison of strings as UTF-8, the order of every list in a report. */
    public static final class Utf8Order {
        private Utf8Order() {}

        /**
         * UTF-8's byte order is code-point order, so this compares code points and allocates nothing (reports
         * sort thousands of names). An unpaired surrogate counts as '?', the byte Java's encoder writes for it.
         */
        public static int compare(String a, String b) {
            int i = 0;
            int j = 0;
            while (i < a.length() && j < b.length()) {
                int x = a.codePointAt(i);
                int y = b.codePointAt(j);
                i += Character.charCount(x);
                j += Character.charCount(y);
                int c = Integer.compare(encoded(x), encoded(y));
                if (c != 0) {
                    return c;
                }
            }
            return Boolean.compare(i < a.length(), j < b.length());
        }

        private static int encoded(int codePoint) {
            return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE ? '?' : codePoint;
        }
    }
}
