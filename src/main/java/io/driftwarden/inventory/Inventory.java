package io.driftwarden.inventory;

import java.util.List;
import java.util.Optional;

/** The hosts to audit, sorted by name. */
public record Inventory(List<Host> hosts) {
    public Inventory {
        hosts = hosts.stream()
                .sorted((a, b) -> io.driftwarden.standard.ResourceId.Utf8Order.compare(a.name(), b.name()))
                .toList();
    }

    public Optional<Host> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
