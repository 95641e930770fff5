package io.driftwarden.approval;

import java.util.List;

/**
 * How one approvals source fared this run: usable, or failed with a named reason ({@code unreadable},
 * {@code empty}, {@code too-many-files}, {@code too-large}, {@code invalid}, ...). {@code notes} are what was
 * skipped in it (reported once per run, never silently dropped).
 */
public record SourceState(String name, String location, ApprovalsSource.Failure failure, List<String> notes) {
    public SourceState {
        notes = List.copyOf(notes);
    }

    public boolean failed() {
        return failure != null;
    }

    /** {@code approvals-source-error: <reason>: <message> (withdraws nothing)}: how a failure is said everywhere. */
    public String error() {
        return failure == null
                ? null
                : "approvals-source-error: " + failure.reason() + ": " + failure.message() + " (withdraws nothing)";
    }
}
