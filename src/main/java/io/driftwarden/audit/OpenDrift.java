package io.driftwarden.audit;

import java.time.Instant;

/** A drift still open after a run: its classification and when it was first seen. */
public record OpenDrift(DriftKey key, String classification, Instant firstSeen) {}
