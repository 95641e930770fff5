package io.driftwarden.revert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One revert's evidence (section 9): who (operator uid and login, the enforce key's fingerprint), why (reason,
 * change id), what (the plan, which holds before and after, and its digest), the script's output and the outcome.
 * {@code undoes} names the evidence a {@code revert --undo} put back; {@code kept} the bytes the revert replaced;
 * {@code undoPlan} what would put the revert back (JSON, see {@code RevertPlanJson}), null for an undo or a revert
 * that changed nothing.
 */
public record Evidence(
        long id,
        Instant at,
        String host,
        String resource,
        String operatorUid,
        String operatorLogin,
        String keyFingerprint,
        String reason,
        String changeId,
        String planSha256,
        String planText,
        String output,
        String outcome,
        Long undoes,
        byte[] kept,
        String undoPlan) {

    /** The chain link: sha256 over the previous hash and every field, each length-prefixed so none can bleed into the next. */
    public String hash(String previous) {
        StringBuilder b = new StringBuilder();
        for (Object f : new Object[] {
            previous,
            id,
            at,
            host,
            resource,
            operatorUid,
            operatorLogin,
            keyFingerprint,
            reason,
            changeId,
            planSha256,
            planText,
            output,
            outcome,
            undoes,
            kept == null ? null : io.driftwarden.standard.ResourceParser.sha256(kept),
            undoPlan
        }) {
            if (f == null) {
                b.append("-1:\n");
            } else {
                String s = f.toString();
                b.append(s.length()).append(':').append(s).append('\n');
            }
        }
        return io.driftwarden.standard.ResourceParser.sha256(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** This record as the next run's report lists it among the reverts since the previous run. */
    public io.driftwarden.audit.RevertNote note() {
        return new io.driftwarden.audit.RevertNote(
                id, at, host, resource, operatorLogin, reason, changeId, outcome, undoes);
    }
}
