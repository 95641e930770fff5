package io.driftwarden.followup;

import io.driftwarden.audit.DriftKey;
import java.time.Instant;

/**
 * A stream that reached an escalation level this run ({@code reminder}: a level reached before, reminded again), for
 * the escalation mail: the drift (null for an unaudited host), its deadline, the level, and why ({@code overdue} or
 * {@code host-unaudited}).
 */
public record Escalation(
        String streamId,
        DriftKey drift,
        String host,
        Seen seen,
        Instant anchor,
        Instant deadline,
        int level,
        String levelName,
        String reason,
        boolean reminder) {
    public static final String OVERDUE = "overdue";
    public static final String UNAUDITED = "host-unaudited";
}
