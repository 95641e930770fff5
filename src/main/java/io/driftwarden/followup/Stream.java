package io.driftwarden.followup;

import java.time.Instant;

/**
 * One stream a receiver keeps one ticket for. {@code key} is the drift key ({@code host resource property}, joined by
 * U+001F) of an episode stream, the host of an unaudited-host stream, the record id of a record stream.
 * {@code anchor} is when the deadline clock started; {@code level} the highest escalation level reached (0: none);
 * {@code seq} the last sequence number issued; {@code marker} the record expiry last announced.
 */
public record Stream(
        String id,
        Kind kind,
        String key,
        Instant openedAt,
        Instant anchor,
        String standard,
        int level,
        Instant remindedAt,
        long seq,
        State state,
        String cause,
        Instant resolvedAt,
        String marker) {
    /** What the stream follows. */
    public enum Kind {
        EPISODE,
        HOST,
        RECORD
    }

    /**
     * {@code WATCHING}: a host stream that has said nothing yet (the host fails, its deadline has not passed);
     * {@code OPEN}: unapproved drift (or an escalated host) the board must act on; {@code RESOLVED}: ended for now, and
     * reopened by a flap within the flap window (the deadline and the level carry on).
     */
    public enum State {
        WATCHING,
        OPEN,
        RESOLVED
    }

    Stream next(State s) {
        return new Stream(
                id, kind, key, openedAt, anchor, standard, level, remindedAt, seq, s, cause, resolvedAt, marker);
    }

    Stream resolved(String why, Instant at) {
        return new Stream(
                id, kind, key, openedAt, anchor, standard, level, remindedAt, seq, State.RESOLVED, why, at, marker);
    }

    Stream reopened() {
        return new Stream(
                id, kind, key, openedAt, anchor, standard, level, remindedAt, seq, State.OPEN, null, null, marker);
    }

    /** At a new level; reminders count again from when it was due. */
    Stream escalated(int toLevel) {
        return new Stream(
                id, kind, key, openedAt, anchor, standard, toLevel, null, seq, state, cause, resolvedAt, marker);
    }

    Stream reminded(Instant at) {
        return new Stream(id, kind, key, openedAt, anchor, standard, level, at, seq, state, cause, resolvedAt, marker);
    }

    Stream issued(long newSeq) {
        return new Stream(
                id, kind, key, openedAt, anchor, standard, level, remindedAt, newSeq, state, cause, resolvedAt, marker);
    }

    Stream marked(String m) {
        return new Stream(
                id, kind, key, openedAt, anchor, standard, level, remindedAt, seq, state, cause, resolvedAt, m);
    }

    Stream withStandard(String s) {
        return new Stream(id, kind, key, openedAt, anchor, s, level, remindedAt, seq, state, cause, resolvedAt, marker);
    }
}
