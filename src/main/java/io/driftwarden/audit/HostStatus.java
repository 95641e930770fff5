package io.driftwarden.audit;

import java.util.Locale;

/** A host's verdict in one run, from best to worst as reported. */
public enum HostStatus {
    COMPLIANT,
    APPROVED_DRIFT,
    UNAPPROVED_DRIFT,
    INCOMPLETE,
    UNCOVERED,
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
