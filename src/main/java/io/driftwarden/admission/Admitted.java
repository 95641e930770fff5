package io.driftwarden.admission;

import io.driftwarden.approval.ApprovalsSource;
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
        List<String> refusal,
        List<ApprovalsSource> approvalSources) {
    public Admitted {
        refusal = refusal == null ? List.of() : List.copyOf(refusal);
        approvalSources = approvalSources == null ? List.of() : List.copyOf(approvalSources);
    }

    public Admitted(
            Bundle bundle,
            RecordVerdicts approvals,
            StandardInfo info,
            Accepted toAccept,
            BundleFiles files,
            String refusedDigest,
            List<String> refusal) {
        this(bundle, approvals, info, toAccept, files, refusedDigest, refusal, List.of());
    }

    /**
     * The same standard with these change record verdicts; {@code good} are the approvals sources read this run that
     * were usable, which the store keeps as their last good copy after a real run.
     */
    public Admitted withApprovals(RecordVerdicts verdicts, List<ApprovalsSource> good) {
        return new Admitted(bundle, verdicts, info, toAccept, files, refusedDigest, refusal, good);
    }

    /** The records allowed to approve this run. */
    public List<ChangeRecord> records() {
        return approvals.effective();
    }

    public List<String> unauthorised() {
        return approvals.unauthorised();
    }
}
