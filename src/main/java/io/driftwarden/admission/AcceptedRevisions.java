package io.driftwarden.admission;

import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.IndexFloor;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.signoff.Accepted;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The port to what the store accepted: the revisions (the floor a rollback is judged against, and the bytes to fall
 * back on) and the approvals index floors. A cache of signed input, never the authority.
 */
public interface AcceptedRevisions {
    /** The highest accepted revision, if any. */
    Optional<Accepted> accepted();

    /** The exact bytes of the highest accepted revision, read as if from {@code dir}, if the store keeps them. */
    Optional<BundleFiles> acceptedBytes(Path dir);

    /** The highest approvals index seen per source name (empty: the store remembers no approvals). */
    Map<String, IndexFloor> indexFloors();

    /** {@code id sha256} of every record found self-approved (refused under {@code signoff.self_approved: refuse}). */
    java.util.Set<String> selfApproved();

    /** The last good copy of an approvals source the store keeps (its location says when it was kept), if any. */
    Optional<ApprovalsSource> lastGood(String source);
}
