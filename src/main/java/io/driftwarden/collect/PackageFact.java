package io.driftwarden.collect;

import java.util.Comparator;
import java.util.List;

/** What dpkg knows of a queried package name; {@code error} is set when the host has no dpkg. */
public record PackageFact(String query, List<PackageInstance> instances, String error) {
    public PackageFact {
        instances = instances.stream()
                .sorted(Comparator.comparing(PackageInstance::arch))
                .toList();
    }
}
