package io.driftwarden.notify;

import io.driftwarden.approval.ApprovalChanges;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.Audited;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.audit.RunReport;
import io.driftwarden.diff.Drift;
import io.driftwarden.report.HtmlReport;
import io.driftwarden.report.Shown;
import io.driftwarden.report.TextReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Composes the mails of section 8: subjects, bodies within {@code email.max_bytes}, stable Message-IDs. */
public final class ReportMails {
    private ReportMails() {}

    public static String reportMessageId(String runId, String instance) {
        return "<" + runId + "." + instance + "@driftwarden>";
    }

    /** {@code [driftwarden prod] 3 unapproved drifts on 2 hosts}, UNSIGNED when applicable, failures counted. */
    public static String subject(Audited r) {
        long drifts = r.drifts(false);
        long hosts = r.hosts().stream().filter(h -> h.count(false) > 0).count();
        long failed = r.count(HostStatus.FAILED);
        StringBuilder s =
                new StringBuilder("[driftwarden ").append(r.instance()).append("] ");
        if (r.standard().unsigned()) {
            s.append("UNSIGNED ");
        } else if (!r.standard().verified()) {
            s.append("STANDARD NOT VERIFIED ");
        }
        s.append(
                drifts == 0
                        ? "no unapproved drift"
                        : drifts + " unapproved drift" + (drifts == 1 ? "" : "s") + " on " + hosts + " host"
                                + (hosts == 1 ? "" : "s"));
        if (failed > 0) {
            s.append(", ")
                    .append(failed)
                    .append(" host")
                    .append(failed == 1 ? "" : "s")
                    .append(" failed");
        }
        return s.toString();
    }

    /**
     * The report mail; when text and HTML together exceed {@code maxBytes}, diffs are dropped largest first and
     * replaced by a link to the full report under {@code baseUrl} (or a pointer to reports_dir without one). Mail shows
     * a possible actor's kind and user only: the log lines stay in the report.
     */
    public static OutgoingMail report(RunReport report, long maxBytes, String baseUrl) {
        AuditResult r = report.result();
        Shown shown = Shown.MAIL;
        String text = new TextReport(shown).render(report);
        String html = new HtmlReport(shown).render(report);
        List<Drift> bySize = new ArrayList<>(r.hosts().stream()
                .flatMap(h -> h.drifts().stream())
                .map(ClassifiedDrift::drift)
                .filter(d -> d.diff() != null)
                .sorted(Comparator.comparingInt((Drift d) -> d.diff().length()).reversed())
                .toList());
        int dropped = 0;
        while (size(text, html) > maxBytes && dropped < bySize.size()) {
            long excess = size(text, html) - maxBytes;
            long freed = 0;
            while (dropped < bySize.size() && freed < excess) {
                freed += 2L * bySize.get(dropped).diff().getBytes(StandardCharsets.UTF_8).length;
                dropped++;
            }
            shown = Shown.MAIL.omitting(bySize.subList(0, dropped), link(baseUrl, r.runId()));
            text = new TextReport(shown).render(report);
            html = new HtmlReport(shown).render(report);
        }
        return new OutgoingMail(
                0,
                reportMessageId(r.runId(), r.instance()),
                OutgoingMail.REPORT,
                r.runId(),
                subject(r),
                text,
                html,
                List.of());
    }

    /** The reviewers' mail when the bundle was refused; one per offending SIGNOFF digest. */
    public static OutgoingMail security(
            String instance, String refusedDigest, List<String> problems, String usedRevision) {
        String hex = refusedDigest.replaceAll("[^0-9a-zA-Z-]", "");
        String id = "<security-" + hex.substring(0, Math.min(hex.length(), 24)) + "." + instance + "@driftwarden>";
        StringBuilder text = new StringBuilder("The standards bundle was refused: it is not verified.\n\n");
        text.append("refused SIGNOFF: ").append(refusedDigest).append('\n');
        problems.forEach(p -> text.append("  ").append(p).append('\n'));
        text.append("\nThe daemon keeps auditing against the last accepted revision: ")
                .append(usedRevision)
                .append('\n');
        text.append(
                "Sign the bundle properly (standard verify shows why it failed) or restore the accepted revision.\n");
        String html =
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>standard refused</title></head><body><pre>"
                        + HtmlReport.escape(text.toString()) + "</pre></body></html>";
        return new OutgoingMail(
                0,
                id,
                OutgoingMail.SECURITY,
                null,
                "[driftwarden " + instance + "] SECURITY: standard not verified, audited against revision "
                        + usedRevision,
                text.toString(),
                html,
                List.of());
    }

    /**
     * The board's mail when an approvals source cannot be used: once per source, reason and message (its Message-ID
     * is derived from them, numbers left out), however many runs it lasts.
     */
    public static OutgoingMail approvalsSource(
            String instance, String source, String reason, String error, String used) {
        // numbers (sizes, counts, serials) left out of the key: a flood that grows by a byte is the same failure
        String sha = io.driftwarden.standard.ResourceParser.sha256(
                        (source + "\n" + reason + "\n" + error.replaceAll("[0-9]+", "#"))
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .substring(0, 16);
        String id = "<approvals-source-" + source.replace('_', '-') + "-" + reason + "-" + sha + "." + instance
                + "@driftwarden>";
        String text = "The approvals source " + source + " cannot be used.\n\n" + error + "\n\n" + used
                + "\n\nA failing source withdraws nothing: records keep the verdict of the last good copy until the"
                + " source is fixed (driftwarden approvals lists what it sees; standard verify says why it fails).\n";
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>approvals source error</title></head>"
                + "<body><pre>" + HtmlReport.escape(text) + "</pre></body></html>";
        return new OutgoingMail(
                0,
                id,
                OutgoingMail.SECURITY,
                null,
                "[driftwarden " + instance + "] SECURITY: approvals-source-error: " + source + ": " + reason,
                text,
                html,
                List.of());
    }

    /**
     * The board's and reviewers' mail of every change of what is approved in one run: each change is in exactly
     * one mail (this run's; its Message-ID is the run's), with the record's sha256, who signed it (fingerprints)
     * and the hosts it reaches today.
     */
    public static OutgoingMail approvalChanges(String instance, String runId, List<ApprovalChanges.Change> changes) {
        StringBuilder text = new StringBuilder("What is approved changed in run " + runId + ".\n");
        for (ApprovalChanges.Change c : changes) {
            text.append("\n").append(c.id()).append(": ").append(c.event());
            if (c.reason() != null) {
                text.append(" (").append(c.reason()).append(")");
            }
            text.append("\n");
            if (c.source() != null) {
                text.append("  source: ").append(c.source()).append('\n');
            }
            if (c.sha256() != null) {
                text.append("  record: ").append(c.sha256()).append('\n');
            }
            for (var s : c.signers()) {
                text.append("  signed by: ")
                        .append(s.principal())
                        .append(' ')
                        .append(s.fingerprint())
                        .append('\n');
            }
            if (!c.hosts().isEmpty()) {
                text.append("  reaches ")
                        .append(c.hosts().size())
                        .append(" host(s) today: ")
                        .append(String.join(
                                ", ",
                                c.hosts().subList(0, Math.min(50, c.hosts().size()))))
                        .append(c.hosts().size() > 50 ? ", ..." : "")
                        .append('\n');
            }
            if (c.problem() != null && !c.problem().isEmpty()) {
                text.append("  ").append(c.problem()).append('\n');
            }
        }
        text.append("\nEvery change is also kept in the store's approval log (driftwarden approvals show ID).\n");
        String what = changes.size() == 1
                ? changes.get(0).id() + " " + changes.get(0).event()
                : changes.size() + " changes ("
                        + String.join(
                                ", ",
                                changes.stream()
                                        .limit(5)
                                        .map(c -> c.id() + " " + c.event())
                                        .toList())
                        + (changes.size() > 5 ? ", ..." : "") + ")";
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>approvals changed</title></head>"
                + "<body><pre>" + HtmlReport.escape(text.toString()) + "</pre></body></html>";
        return new OutgoingMail(
                0,
                "<approvals-" + runId + "." + instance + "@driftwarden>",
                OutgoingMail.SECURITY,
                runId,
                "[driftwarden " + instance + "] approvals: " + what,
                text.toString(),
                html,
                List.of());
    }

    private static String link(String baseUrl, String runId) {
        return baseUrl == null
                ? "diff omitted for size: see the full report " + runId + ".json in reports_dir"
                : "diff omitted for size: " + baseUrl.replaceAll("/+$", "") + "/" + runId + ".html";
    }

    private static long size(String text, String html) {
        return text.getBytes(StandardCharsets.UTF_8).length + (long) html.getBytes(StandardCharsets.UTF_8).length;
    }
}
