package io.driftwarden.diff;

import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Value;

/**
 * One property that differs from the standard. {@code actual} is canonical (null = missing on the host);
 * {@code shownExpected}/{@code shownActual} are what reports display (hmac for sensitive content).
 */
public record Drift(
        ResourceId resource,
        String property,
        Value expected,
        Value actual,
        Value shownExpected,
        Value shownActual,
        String declaredAt,
        String remedy,
        String diff,
        String note) {
    /**
     * The property part of the drift's identity across runs: the property, except that each entry of an exclusive
     * directory is its own drift ({@code unmanaged-entry/NAME}), since one directory may hold several.
     */
    public String identity() {
        return property.equals(Exclusivity.UNMANAGED) && actual != null ? property + "/" + actual.text() : property;
    }
}
