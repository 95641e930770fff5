package io.driftwarden.report;

import io.driftwarden.audit.RevertNote;

/** One revert as a line of the text report and the mail's text part. */
final class RevertLine {
    private RevertLine() {}

    static String of(RevertNote v) {
        return "evidence " + v.evidence() + (v.undoes() == null ? "" : " (undo of " + v.undoes() + ")") + " at "
                + v.at() + ": "
                + Printable.of(v.host()) + " " + Printable.of(v.resource()) + " " + v.outcome() + ", by "
                + Printable.of(v.operator()) + ": " + Printable.of(v.reason())
                + (v.change() == null ? "" : " (" + Printable.of(v.change()) + ")");
    }
}
