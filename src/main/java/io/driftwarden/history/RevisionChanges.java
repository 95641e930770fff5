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

    /**
     * File-level changes between kept revisions, from each revision's file hashes; a revision not kept counts as
     * changed everywhere.
     */
    static RevisionChanges of(java.util.Map<String, java.util.Map<String, String>> hashes) {
        return (from, to, file) -> {
            if (java.util.Objects.equals(from, to)) {
                return false;
            }
            java.util.Map<String, String> a = from == null ? null : hashes.get(from);
            java.util.Map<String, String> b = to == null ? null : hashes.get(to);
            return a == null || b == null || file == null || !java.util.Objects.equals(a.get(file), b.get(file));
        };
    }
}
