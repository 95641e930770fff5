package io.driftwarden.standard;

import java.util.List;

/**
 * One {@code *.yaml} of the bundle: a named set of resources for the hosts it selects. {@code overrides} names the
 * less specific standards whose values it replaces where both select a host (instead of a conflict); {@code users}
 * is its account guard, or null; {@code overridesAt} where {@code overrides} is written (for load errors).
 */
public record Standard(
        String name,
        String file,
        String description,
        Selector appliesTo,
        List<Resource> resources,
        List<String> overrides,
        UserGuard users,
        io.driftwarden.yaml.Mark overridesAt) {
    public Standard {
        resources = List.copyOf(resources);
        overrides = List.copyOf(overrides);
    }

    public Standard(String name, String file, String description, Selector appliesTo, List<Resource> resources) {
        this(name, file, description, appliesTo, resources, List.of(), null, null);
    }
}
