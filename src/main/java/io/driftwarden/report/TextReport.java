package io.driftwarden.report;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.Compliance;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.audit.RunReport;
import io.driftwarden.diff.Drift;
import io.driftwarden.diff.NotChecked;
import io.driftwarden.standard.Value;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The terminal summary: unapproved drift first, then approved, then hosts not fully audited. */
public final class TextReport implements ReportWriter {
    public static final TextReport EVERYTHING = new TextReport(Shown.EVERYTHING);
    private final Shown shown;

    public TextReport(Shown shown) {
        this.shown = shown;
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        out.write(text(report).getBytes(StandardCharsets.UTF_8));
    }

    private String text(RunReport report) {
        AuditResult r = report.result();
        Compliance compliance = report.compliance();
        StringBuilder b = new StringBuilder();
        String unsigned = r.standard().unsigned() ? " [UNSIGNED standard: change records taken as written]" : "";
        b.append("driftwarden ")
                .append(r.instance())
                .append(" run ")
                .append(r.runId())
                .append(" evaluated at ")
                .append(r.evaluatedAt())
                .append(r.preview() ? " (preview: nothing written)" : "")
                .append(unsigned)
                .append('\n');
        var std = r.standard();
        if (!std.unsigned()) {
            b.append("standard revision ")
                    .append(std.serial())
                    .append(' ')
                    .append(std.revision())
                    .append(", signed off by ")
                    .append(String.join(", ", std.signers()))
                    .append('\n');
        }
        if (std.problem() != null && !std.unsigned()) {
            b.append("WARNING: ").append(std.problem()).append('\n');
        }
        var approvals = r.approvals().verdicts();
        if (!std.unsigned() && !approvals.sources().isEmpty()) {
            if (!approvals.remembered()) {
                b.append("approvals-memory: none (this store has seen no signed approvals index: a source rolled back"
                        + " as a whole cannot be told apart)\n");
            }
            for (var s : approvals.sources()) {
                if (s.failed()) {
                    b.append("WARNING: ")
                            .append(Printable.of(s.location() + ": " + s.error()))
                            .append('\n');
                } else if (s.index() == null) {
                    b.append("approvals ").append(s.name()).append(": index: none\n");
                }
            }
        }
        // incomplete counts every audited host the NOT FULLY AUDITED section lists, also those whose status is
        // unapproved drift
        long alsoUnapproved = r.incomplete() - r.count(HostStatus.INCOMPLETE);
        b.append(String.format(
                "%d hosts: %d compliant, %d approved drift, %d unapproved drift, %d incomplete%s, %d uncovered, %d failed%n",
                r.hosts().size(),
                r.count(HostStatus.COMPLIANT),
                r.count(HostStatus.APPROVED_DRIFT),
                r.count(HostStatus.UNAPPROVED_DRIFT),
                r.incomplete(),
                alsoUnapproved == 0 ? "" : " (" + alsoUnapproved + " of them with unapproved drift)",
                r.count(HostStatus.UNCOVERED),
                r.count(HostStatus.FAILED)));
        b.append("(compliant means compliant with the declared properties)\n");
        ComplianceLines.compliance(compliance).forEach(l -> b.append(l).append('\n'));
        section(b, "UNAPPROVED DRIFT", r.hosts(), false);
        section(b, "APPROVED DRIFT", r.hosts(), true);
        List<String> carried = ComplianceLines.exceptions(compliance, r.evaluatedAt());
        if (!carried.isEmpty()) {
            b.append("\nAPPROVED EXCEPTIONS (oldest first)\n");
            carried.forEach(l -> b.append("  ").append(l).append('\n'));
        }
        List<HostResult> partial =
                r.hosts().stream().filter(HostResult::incompletelyAudited).toList();
        if (!partial.isEmpty()) {
            b.append("\nNOT FULLY AUDITED\n");
            for (HostResult h : partial) {
                b.append("  ")
                        .append(h.host().name())
                        .append(": ")
                        .append(h.status().label());
                if (h.error() != null) {
                    b.append(" (")
                            .append(h.error().kind())
                            .append(": ")
                            .append(Printable.of(h.error().message()))
                            .append(')');
                }
                b.append('\n');
                for (NotChecked n : h.notChecked()) {
                    if (!n.byNature()) {
                        b.append("    not checked: ")
                                .append(Printable.of(n.resource().toString()))
                                .append(' ')
                                .append(n.property())
                                .append(" (")
                                .append(n.why())
                                .append(")\n");
                    }
                }
            }
        }
        List<HostResult> overridden =
                r.hosts().stream().filter(h -> !h.overrides().isEmpty()).toList();
        if (!overridden.isEmpty()) {
            b.append("\nOVERRIDES (a more specific standard's value, by its overrides:)\n");
            for (HostResult h : overridden) {
                h.overrides()
                        .forEach(o -> b.append("  ")
                                .append(h.host().name())
                                .append(": ")
                                .append(Printable.of(o.message()))
                                .append('\n'));
            }
        }
        if (!r.inventoryChanges().isEmpty()) {
            b.append("\nINVENTORY CHANGES SINCE THE PREVIOUS RUN\n");
            r.inventoryChanges()
                    .forEach(c -> b.append("  ")
                            .append(c.host())
                            .append(": ")
                            .append(c.change())
                            .append(c.fields().isEmpty() ? "" : " " + new java.util.TreeMap<>(c.fields()))
                            .append(c.flags().isEmpty() ? "" : " " + c.flags())
                            .append('\n'));
        }
        if (!r.reverts().isEmpty()) {
            b.append("\nREVERTS SINCE THE PREVIOUS RUN\n");
            r.reverts().forEach(v -> b.append("  ").append(RevertLine.of(v)).append('\n'));
        }
        var a = r.approvals();
        b.append("\nCHANGE RECORDS: active ")
                .append(a.active())
                .append(", expiring ")
                .append(a.expiring())
                .append(", unused ")
                .append(a.unused())
                .append(", overdue ")
                .append(a.overdue())
                .append(", open-ended ")
                .append(a.openEnded())
                .append(", unauthorised ")
                .append(a.unauthorised())
                .append(", withdrawn ")
                .append(a.verdicts().withdrawn())
                .append(", self-approved ")
                .append(a.verdicts().flagged(io.driftwarden.approval.RecordVerdict.SELF_APPROVED))
                .append('\n');
        for (var v : a.verdicts().refused()) {
            b.append("  refused ")
                    .append(v.id())
                    .append(" (")
                    .append(v.reason())
                    .append(", approves nothing): ")
                    .append(Printable.of(v.problem()))
                    .append('\n');
        }
        return b.toString();
    }

    private void section(StringBuilder b, String title, List<HostResult> hosts, boolean approved) {
        boolean header = false;
        for (HostResult h : hosts) {
            for (ClassifiedDrift cd : h.drifts()) {
                if (cd.classification().approved() != approved) {
                    continue;
                }
                if (!header) {
                    b.append('\n').append(title).append('\n');
                    header = true;
                }
                Drift d = cd.drift();
                b.append("  ")
                        .append(h.host().name())
                        .append("  ")
                        .append(Printable.of(d.resource().toString()))
                        .append(' ')
                        .append(d.property())
                        .append(": expected ")
                        .append(shown(d.shownExpected()))
                        .append(", actual ")
                        .append(shown(d.shownActual()));
                var c = cd.classification();
                b.append(
                        approved
                                ? "  [approved by " + c.approval() + "]"
                                : "  [" + c.reason() + (c.approval() == null ? "" : " " + c.approval()) + "]");
                b.append("  (").append(d.declaredAt()).append(")\n");
                if (shown.note(d) != null) {
                    b.append("      note: ").append(Printable.of(shown.note(d))).append('\n');
                }
                for (var a : shown.actors(cd)) {
                    b.append("      possible actor (heuristic): ")
                            .append(a.user() == null ? "unknown" : Printable.of(a.user()))
                            .append(" via ")
                            .append(a.kind());
                    if (a.detail() != null) {
                        b.append(" at ")
                                .append(a.at())
                                .append(": ")
                                .append(Printable.of(a.detail()))
                                .append(" (")
                                .append(Printable.of(a.source()))
                                .append(')');
                    }
                    b.append('\n');
                }
                if (!approved) {
                    b.append("      remedy: ").append(Printable.of(d.remedy())).append('\n');
                    if (shown.diff(d) != null) {
                        shown.diff(d)
                                .lines()
                                .forEach(l -> b.append("      | ")
                                        .append(Printable.of(l))
                                        .append('\n'));
                    }
                }
            }
            for (var e : h.elided()) {
                if (e.approved() == approved) {
                    if (!header) {
                        b.append('\n').append(title).append('\n');
                        header = true;
                    }
                    b.append("  ").append(elided(h, e)).append('\n');
                }
            }
        }
    }

    /** One line for the drifts of a property beyond the per-host cap; the HTML report and the mail say the same. */
    static String elided(HostResult h, io.driftwarden.audit.DriftCap.Elided e) {
        return Printable.of(h.host().name()) + "  " + Printable.of(e.resource().toString()) + " " + e.property()
                + ": and "
                + String.format(java.util.Locale.ROOT, "%,d", e.count()) + " more "
                + (e.approved() ? "approved" : "unapproved")
                + ", not listed one by one (at most " + io.driftwarden.audit.DriftCap.PER_PROPERTY + " a property and "
                + io.driftwarden.audit.DriftCap.PER_HOST
                + " a host are; the JSON report and the metrics count them all)";
    }

    private static String shown(Value v) {
        return v == null ? "(missing)" : Printable.of(v.toString());
    }
}
