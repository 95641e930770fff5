package io.driftwarden.standard;

import java.util.List;

/** One {@code *.yaml} of the bundle: a named set of resources for the hosts it selects. */
public record Standard(String name, String file, String description, Selector appliesTo, List<Resource> resources) {
    public Standard {
        resources = List.copyOf(resources);
    }
}
