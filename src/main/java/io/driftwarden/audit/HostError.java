package io.driftwarden.audit;

/** Why a host has no (full) audit: {@code kind} is unreachable, auth, host_key, timeout, probe, conflict, unsupported, skipped. */
public record HostError(io.driftwarden.collect.FailureKind kind, String message) {}
