package io.driftwarden.standard;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A canonical property value: text for every property except {@code user.groups}, which is a sorted,
 * unique list of names. Equality of canonical values is what "compliant" means.
 */
public record Value(String text, List<String> items) {
    public Value {
        if ((text == null) == (items == null)) {
            throw new IllegalArgumentException("a value is either text or a list");
        }
        if (items != null) {
            TreeSet<String> sorted = new TreeSet<>(ResourceId.Utf8Order::compare);
            sorted.addAll(items);
            items = List.copyOf(sorted);
        }
    }

    public static Value of(String text) {
        return new Value(Objects.requireNonNull(text), null);
    }

    public static Value list(List<String> items) {
        return new Value(null, items);
    }

    public boolean isList() {
        return items != null;
    }

    @Override
    public String toString() {
        return isList() ? "[" + String.join(", ", items) + "]" : text;
    }
}
