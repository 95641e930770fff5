package io.driftwarden.audit;

import java.time.Instant;

/**
 * A revert (or an undo) recorded since the previous run, as reports show it: when, where, who, why, and how it
 * ended. {@code undoes} is the evidence id an undo put back, else null.
 */
public record RevertNote(
        long evidence,
        Instant at,
        String host,
        String resource,
        String operator,
        String reason,
        String change,
        String outcome,
        Long undoes) {}
