package io.driftwarden.remedy;

import io.driftwarden.yaml.LoadException;

/**
 * What the operator asked of {@code revert} or {@code revert --undo}, as given: a plain value, so the command only
 * parses it. {@code undo} is the evidence id to put back (null for a revert); {@code planSha256} the plan reviewed.
 */
public record RevertRequest(
        String host,
        String resource,
        String property,
        String reason,
        String change,
        boolean force,
        boolean yes,
        String planSha256,
        Long undo) {

    /** A revert names its host, resource and reason; an undo finds the first two in the evidence it puts back. */
    void check() {
        if (undo == null && (host == null || resource == null)) {
            throw new LoadException("usage: revert needs --host and --resource (or --undo EVIDENCE_ID)");
        }
        if (undo == null && (reason == null || reason.isBlank())) {
            throw new LoadException("usage: revert needs --reason TEXT: it goes into the evidence");
        }
    }

    /** An undo of the revert of {@code host}: the reason, unless given, says which revert it puts back. */
    RevertRequest undoing(String host) {
        String why = reason == null || reason.isBlank() ? "undo of revert " + undo : reason;
        return new RevertRequest(host, resource, property, why, change, force, yes, planSha256, undo);
    }
}
