package io.driftwarden.diff;

import io.driftwarden.standard.ResourceId;
import java.util.Set;

/** A declared property that could not be observed, and why. */
public record NotChecked(ResourceId resource, String property, String why) {
    /** Reasons that come from the transport's nature, not from a problem on the host. */
    public static final Set<String> BY_NATURE = Set.of("no-service-manager", "no-runtime-state");

    public boolean byNature() {
        return BY_NATURE.contains(why);
    }
}
