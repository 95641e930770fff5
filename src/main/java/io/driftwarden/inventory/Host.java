package io.driftwarden.inventory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** One inventory entry; {@code root} is set for image hosts, {@code address} for ssh hosts. */
public record Host(
        String name,
        Transport transport,
        String address,
        int port,
        String user,
        Set<String> groups,
        Map<String, String> vars,
        Path root,
        String rootAsWritten) {
    public Host {
        groups = java.util.Collections.unmodifiableSet(new TreeSet<>(groups));
        vars = java.util.Collections.unmodifiableMap(new TreeMap<>(vars));
    }

    /** What the standards may use of this host ({@code ${host.name}}, {@code ${host.address}}, {@code ${vars.x}}). */
    public io.driftwarden.standard.Target target() {
        return new io.driftwarden.standard.Target(name, shownAddress(), groups, vars);
    }

    /** What reports show as the address: the network address, the image root as written, or "localhost". */
    public String shownAddress() {
        return switch (transport) {
            case SSH -> address;
            case IMAGE -> rootAsWritten;
            case LOCAL -> "localhost";
        };
    }
}
