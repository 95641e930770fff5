package io.driftwarden.history;

import java.time.Instant;
import java.util.List;

/**
 * One drift episode as the store keeps it, with its events (for {@code history --host} and the board's digest);
 * {@code closedAt}/{@code resolvedBy} are null while it is open.
 */
public record Episode(
        long id,
        String host,
        String resource,
        String property,
        String classification,
        String approval,
        String actual,
        String declaredAt,
        Instant firstSeen,
        Instant lastCleanAt,
        Instant lastSeen,
        int valueChanges,
        boolean flap,
        Instant closedAt,
        String resolvedBy,
        List<Event> events) {
    public Episode {
        events = List.copyOf(events);
    }

    /** One thing that happened to the episode, in a run. */
    public record Event(Instant at, String runId, String event, String classification, String detail) {}
}
