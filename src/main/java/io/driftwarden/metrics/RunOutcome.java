package io.driftwarden.metrics;

import java.util.Locale;

/** How a run ended: success (every host audited), partial (completed, some failed), failure, aborted. */
public enum RunOutcome {
    SUCCESS, PARTIAL, FAILURE, ABORTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Completed runs count for last_success, partial ones included. */
    public boolean completed() {
        return this == SUCCESS || this == PARTIAL;
    }
}
