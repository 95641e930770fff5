package io.driftwarden.metrics;

import java.util.Locale;

/** How a run ended: success (every host audited), partial (completed, some failed), failure, aborted. */
public enum RunOutcome {
    SUCCESS,
    PARTIAL,
    FAILURE,
    ABORTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A run that audited no host is a failure; one where some host failed is partial. */
    public static RunOutcome of(io.driftwarden.audit.Audited r) {
        long audited = r.hosts().stream()
                .filter(io.driftwarden.audit.HostResult::auditedOk)
                .count();
        if (r.hosts().isEmpty() || audited == 0) {
            return FAILURE;
        }
        return r.hosts().stream().anyMatch(h -> h.status() == io.driftwarden.audit.HostStatus.FAILED)
                ? PARTIAL
                : SUCCESS;
    }

    /** Completed runs count for last_success, partial ones included. */
    public boolean completed() {
        return this == SUCCESS || this == PARTIAL;
    }
}
