package io.driftwarden.impact;

import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.diff.RevisionImpact;
import io.driftwarden.history.HostMark;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The port to what the store remembers of each host's last successful audit, and of the revisions it kept. */
public interface LastAudits {
    /** Each host's last successful audit and the revision it used. */
    Map<String, HostMark> marks();

    /** Per host, what its last successful audit saw, keyed by {@link RevisionImpact#key}. */
    Map<String, Map<String, RevisionImpact.Seen>> lastSeen();

    /** A kept revision's exact bytes, read as if from {@code dir}. */
    Optional<BundleFiles> revision(String digest, Path dir);

    /** A kept revision's serial. */
    Optional<Long> serialOf(String digest);
}
