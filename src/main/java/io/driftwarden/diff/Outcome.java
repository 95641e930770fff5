package io.driftwarden.diff;

import io.driftwarden.standard.Value;

/** How one declared property fared: compliant, drifted (with the canonical actual, null = missing), or not checked. */
public sealed interface Outcome permits Outcome.Compliant, Outcome.Drifted, Outcome.NotChecked {
    record Compliant() implements Outcome {}

    record Drifted(Value actual, String note) implements Outcome {}

    record NotChecked(String why) implements Outcome {}

    static Outcome compliant() {
        return new Compliant();
    }

    static Outcome drift(String actual) {
        return new Drifted(actual == null ? null : Value.of(actual), null);
    }

    static Outcome notChecked(String why) {
        return new NotChecked(why);
    }
}
