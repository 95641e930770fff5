package io.driftwarden.audit;

import io.driftwarden.approval.Classification;
import io.driftwarden.diff.Drift;
import java.time.Instant;
import java.util.List;

/**
 * A drift with its verdict, its history window (first seen; last seen clean, null when unknown), for a drift
 * that opened in this run its possible actors (a heuristic, ranked; empty when not looked up), and {@code flap} when its
 * episode reopened within the flap window (null otherwise).
 */
public record ClassifiedDrift(
        Drift drift,
        Classification classification,
        Instant firstSeen,
        Instant lastCleanAt,
        List<Actor> actors,
        Flap flap) {
    /** The episode reopened within the flap window; {@code previousClosedAt} is when the one before closed (null: unknown). */
    public record Flap(Instant previousClosedAt) {}

    public ClassifiedDrift {
        actors = List.copyOf(actors);
    }

    public ClassifiedDrift(
            Drift drift, Classification classification, Instant firstSeen, Instant lastCleanAt, List<Actor> actors) {
        this(drift, classification, firstSeen, lastCleanAt, actors, null);
    }

    public ClassifiedDrift(Drift drift, Classification classification, Instant firstSeen, Instant lastCleanAt) {
        this(drift, classification, firstSeen, lastCleanAt, List.of());
    }

    public ClassifiedDrift withActors(List<Actor> a) {
        return new ClassifiedDrift(drift, classification, firstSeen, lastCleanAt, a, flap);
    }
}
