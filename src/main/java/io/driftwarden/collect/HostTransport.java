package io.driftwarden.collect;

import io.driftwarden.inventory.Host;

/** Observes one host without changing it. Implementations return failures as values. */
public interface HostTransport {
    HostObservation observe(Host host, ObservationRequest request);
}
