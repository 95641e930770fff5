package io.driftwarden.collect;

import io.driftwarden.inventory.Host;
import java.util.Optional;

/** Observes one host without changing it. Implementations return failures as values. */
public interface HostTransport {
    HostObservation observe(Host host, ObservationRequest request);

    /**
     * Runs one fixed read-only script with {@code sh -s} (the possible-actors round trip) and returns what it
     * printed, bounded like the probe; empty when this transport has no shell on the host or the script failed.
     */
    default Optional<byte[]> gather(Host host, String script) {
        return Optional.empty();
    }
}
