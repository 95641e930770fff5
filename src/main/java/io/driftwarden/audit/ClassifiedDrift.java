package io.driftwarden.audit;

import io.driftwarden.approval.Classification;
import io.driftwarden.diff.Drift;
import java.time.Instant;
import java.util.List;

/**
 * A drift with its verdict, its history window (first seen; last seen clean, null when unknown) and, for a drift
 * that opened in this run, its possible actors (a heuristic, ranked; empty when not looked up).
 */
public record ClassifiedDrift(Drift drift, Classification classification, Instant firstSeen, Instant lastCleanAt,
                              List<Actor> actors) {
    public ClassifiedDrift {
        actors = List.copyOf(actors);
    }

    public ClassifiedDrift(Drift drift, Classification classification, Instant firstSeen, Instant lastCleanAt) {
        this(drift, classification, firstSeen, lastCleanAt, List.of());
    }

    public ClassifiedDrift withActors(List<Actor> a) {
        return new ClassifiedDrift(drift, classification, firstSeen, lastCleanAt, a);
    }
}
