package io.driftwarden.daemon;

import io.driftwarden.remedy.EvidenceJournal;
import io.driftwarden.run.RunStorage;

/**
 * What the daemon keeps in storage, as ports, with the one-daemon lease already held: opened once at start, closed
 * (lease released, store closed) at the end of the shutdown.
 */
public interface DaemonStorage extends AutoCloseable {
    RunStorage runs();

    EvidenceJournal evidence();

    Lease lease();

    @Override
    void close();
}
