package io.driftwarden.diff;

import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Value;

/**
 * One property that differs from the standard. {@code actual} is canonical (null = missing on the host);
 * {@code shownExpected}/{@code shownActual} are what reports display (hmac for sensitive content).
 */
public record Drift(ResourceId resource, String property, Value expected, Value actual, Value shownExpected,
                    Value shownActual, String declaredAt, String remedy, String diff, String note) {}
