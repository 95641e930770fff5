package io.driftwarden.admission;

import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.signoff.Accepted;
import java.nio.file.Path;
import java.util.Optional;

/** The port to the revisions the store accepted: the floor a rollback is judged against, and the bytes to fall back on. */
public interface AcceptedRevisions {
    /** The highest accepted revision, if any. */
    Optional<Accepted> accepted();

    /** The exact bytes of the highest accepted revision, read as if from {@code dir}, if the store keeps them. */
    Optional<BundleFiles> acceptedBytes(Path dir);
}
