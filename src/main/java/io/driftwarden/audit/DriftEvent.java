package io.driftwarden.audit;

/** What changed between two runs for one drift: appeared, resolved, or reclassified (to {@code classification}). */
public record DriftEvent(String event, DriftKey key, String classification) {}
