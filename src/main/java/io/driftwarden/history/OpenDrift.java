package io.driftwarden.history;

import io.driftwarden.audit.DriftKey;
import java.time.Instant;

/**
 * An open drift episode (section 8): opened by the first run that saw the drift, carried while it persists.
 * {@code actual} is what reports show (an hmac for sensitive content, never the content); {@code revision}
 * and {@code declaredAt} are the standard that last demanded it, to tell "resolved by host" from "by standard".
 * {@code cleanRuns} counts the clean runs in a row of an episode waiting for {@code history.resolve_after} to close.
 * A {@code flap} reopened within the flap window; {@code previousClosedAt} is when the episode before it closed (null
 * when not a flap, or not known).
 */
public record OpenDrift(
        DriftKey key,
        String classification,
        Instant firstSeen,
        Instant lastCleanAt,
        String actual,
        String approval,
        String declaredAt,
        String revision,
        Instant lastSeen,
        int valueChanges,
        boolean flap,
        String openedRun,
        int cleanRuns,
        Instant previousClosedAt) {
    /** What one run saw of the drift: its verdict and shown value, the record approving it, the standard demanding it. */
    public record Sighting(String classification, String actual, String approval, String declaredAt, String revision) {}

    /**
     * The episode a run opens: first and last seen now; a flap when the drift reopened within the flap window, after the
     * episode that closed at {@code flapAfter} (null: not a flap).
     */
    public static OpenDrift opened(
            DriftKey key, Sighting s, Instant now, Instant lastCleanAt, String runId, Instant flapAfter) {
        return new OpenDrift(
                key,
                s.classification(),
                now,
                lastCleanAt,
                s.actual(),
                s.approval(),
                s.declaredAt(),
                s.revision(),
                now,
                0,
                flapAfter != null,
                runId,
                0,
                flapAfter);
    }

    /** The same episode seen again now: what it shows now, a value change counted, any wait to resolve over. */
    public OpenDrift seenAgain(Sighting s, Instant now) {
        int changes = java.util.Objects.equals(actual, s.actual()) ? valueChanges : valueChanges + 1;
        return new OpenDrift(
                key,
                s.classification(),
                firstSeen,
                lastCleanAt,
                s.actual(),
                s.approval(),
                s.declaredAt(),
                s.revision(),
                now,
                changes,
                flap,
                openedRun,
                0,
                previousClosedAt);
    }

    /** Seen compliant this run, not yet for long enough to close. */
    OpenDrift cleanAgain() {
        return new OpenDrift(
                key,
                classification,
                firstSeen,
                lastCleanAt,
                actual,
                approval,
                declaredAt,
                revision,
                lastSeen,
                valueChanges,
                flap,
                openedRun,
                cleanRuns + 1,
                previousClosedAt);
    }

    /** Drifting now: whatever it was waiting for, it is a current drift. */
    public boolean current() {
        return cleanRuns == 0;
    }

    /** The bundle file that declares it, from {@code declaredAt} ("base.yaml:7" gives "base.yaml"). */
    public String declaringFile() {
        return fileOf(declaredAt);
    }

    static String fileOf(String declaredAt) {
        if (declaredAt == null) {
            return null;
        }
        int colon = declaredAt.lastIndexOf(':');
        return colon < 0 ? declaredAt : declaredAt.substring(0, colon);
    }
}
