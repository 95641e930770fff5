package io.driftwarden.approval;

import java.util.List;

/**
 * How one approvals source fared this run: usable, or failed with a named reason ({@code unreadable},
 * {@code empty}, {@code too-many-files}, {@code too-large}, {@code invalid}, {@code index-missing},
 * {@code index-unsigned}, {@code index-invalid}, {@code rollback}). {@code notes} are what was skipped in it
 * (reported once per run, never silently dropped); {@code index} the signed index it was judged by (null: none).
 */
public record SourceState(
        String name, String location, ApprovalsSource.Failure failure, List<String> notes, IndexState index) {
    public SourceState {
        notes = List.copyOf(notes);
    }

    public SourceState(String name, String location, ApprovalsSource.Failure failure, List<String> notes) {
        this(name, location, failure, notes, null);
    }

    public boolean failed() {
        return failure != null;
    }

    /** One line for people: the source, its index (serial, signers, floor) or why it failed, and its notes. */
    public String summary() {
        StringBuilder b = new StringBuilder("approvals source " + name + " (" + location + "): ");
        if (failed()) {
            b.append(error());
        } else if (index == null) {
            b.append("no signed index (index: none; a rolled-back or pruned source cannot be detected)");
        } else {
            b.append("index serial ")
                    .append(index.serial())
                    .append(" signed by ")
                    .append(index.signers())
                    .append(
                            index.floor() == null
                                    ? ", the store's floor: none yet"
                                    : ", the store's floor: serial " + index.floor());
            if (index.fork() != null) {
                b.append("; ").append(index.fork());
            }
            index.pruned().forEach(p -> b.append("; pruned: ").append(p));
        }
        notes.forEach(n -> b.append("\n  note: ").append(n));
        return b.toString();
    }

    /** {@code approvals-source-error: <reason>: <message> (withdraws nothing)}: how a failure is said everywhere. */
    public String error() {
        return failure == null
                ? null
                : "approvals-source-error: " + failure.reason() + ": " + failure.message() + " (withdraws nothing)";
    }
}
