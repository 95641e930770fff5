package io.driftwarden.history;

import java.time.Instant;

/** An episode that a run closed: when, by which run, and why ({@code host}, {@code standard}, {@code inventory}). */
public record ClosedEpisode(OpenDrift episode, Instant closedAt, String runId, String resolvedBy) {}
