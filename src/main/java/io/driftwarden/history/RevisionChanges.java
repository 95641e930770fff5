package io.driftwarden.history;

/**
 * Whether a bundle file's bytes differ between two accepted revisions. Decides whether a drift that vanished
 * after a new revision was resolved by the standard or by the host, and whether a new drift's last clean run
 * counts (its expectation must not have changed since).
 */
@FunctionalInterface
public interface RevisionChanges {
    /** Without kept revisions, any revision change counts as a change of every file. */
    RevisionChanges UNKNOWN = (from, to, file) -> from == null || !from.equals(to);

    boolean fileChanged(String fromRevision, String toRevision, String file);
}
