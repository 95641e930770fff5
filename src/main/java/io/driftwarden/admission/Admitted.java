package io.driftwarden.admission;

import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.audit.StandardInfo;
import io.driftwarden.bundle.Bundle;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.signoff.Accepted;
import java.util.List;

/**
 * The admitted bundle and the verdicts on the current change records (only {@link #records()} may approve). {@code toAccept} and {@code files} are what
 * the store keeps after a real run (null when nothing new is accepted); {@code refusedDigest} names the bundle
 * that was refused when the daemon fell back to the last accepted revision (the security mail's key); {@code refusal} says why.
 */
public record Admitted(
        Bundle bundle,
        RecordVerdicts approvals,
        StandardInfo info,
        Accepted toAccept,
        BundleFiles files,
        String refusedDigest,
        List<String> refusal) {
    public Admitted {
        refusal = refusal == null ? List.of() : List.copyOf(refusal);
    }

    /** The same standard with these change record verdicts. */
    public Admitted withApprovals(RecordVerdicts verdicts) {
        return new Admitted(bundle, verdicts, info, toAccept, files, refusedDigest, refusal);
    }

    /** The records allowed to approve this run. */
    public List<ChangeRecord> records() {
        return approvals.effective();
    }

    public List<String> unauthorised() {
        return approvals.unauthorised();
    }
}
