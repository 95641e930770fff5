package io.driftwarden.collect;

/** The outcome of observing one host: facts, or why there are none. Never an exception. */
public sealed interface HostObservation permits HostObservation.Observed, HostObservation.Failed {
    record Observed(Observation observation) implements HostObservation {}

    /** {@code kind}: unreachable, auth, host_key, timeout, probe, unsupported. */
    record Failed(FailureKind kind, String message) implements HostObservation {}
}
