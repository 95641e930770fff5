package io.driftwarden.admission;

import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.audit.StandardInfo;
import io.driftwarden.bundle.Bundle;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.signoff.Accepted;
import java.util.List;

/**
 * The admitted bundle; {@code records} are those allowed to approve. {@code toAccept} and {@code files} are what
 * the store keeps after a real run (null when nothing new is accepted); {@code refusedDigest} names the bundle
 * that was refused when the daemon fell back to the last accepted revision (the security mail's key); {@code refusal} says why.
 */
public record Admitted(
        Bundle bundle,
        List<ChangeRecord> records,
        List<String> unauthorised,
        StandardInfo info,
        Accepted toAccept,
        BundleFiles files,
        String refusedDigest,
        List<String> refusal) {
    public Admitted {
        refusal = refusal == null ? List.of() : List.copyOf(refusal);
    }
}
