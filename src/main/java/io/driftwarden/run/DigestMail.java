package io.driftwarden.run;

import io.driftwarden.history.Episode;
import io.driftwarden.notify.OutgoingMail;
import io.driftwarden.report.ComplianceLines;
import io.driftwarden.report.Printable;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * The daily digest for the board: every drift that appeared, flapped or was resolved after the previous digest (which
 * was built after its own run was recorded, so nothing is listed twice), and
 * what is still open, as plain text and HTML. It never carries content or diffs (only the shown values the history
 * keeps: hashes for sensitive files).
 */
final class DigestMail {
    private DigestMail() {}

    /** {@code latest}: the run the digest follows, whose compliance and approved exceptions it shows (null: none). */
    static OutgoingMail of(
            String instance,
            Instant since,
            Instant until,
            List<Episode> episodes,
            List<String> to,
            io.driftwarden.audit.RunReport latest) {
        Predicate<Episode> appeared = e -> e.firstSeen().isAfter(since) && !e.flap();
        Predicate<Episode> flapped = e -> e.firstSeen().isAfter(since) && e.flap();
        Predicate<Episode> resolved = e -> e.closedAt() != null && e.closedAt().isAfter(since);
        Predicate<Episode> open = e -> e.closedAt() == null;
        long unapproved = episodes.stream()
                .filter(open)
                .filter(e -> e.classification().equals("unapproved"))
                .count();
        String subject = "[driftwarden " + instance + "] digest " + since + " to " + until + ": "
                + episodes.stream().filter(appeared).count() + " appeared, "
                + episodes.stream().filter(resolved).count()
                + " resolved, " + unapproved + " unapproved open";
        StringBuilder t = new StringBuilder(subject.substring(subject.indexOf("digest"))).append("\n");
        StringBuilder h = new StringBuilder(
                        "<!doctype html><html><head><meta charset=\"utf-8\"><title>driftwarden digest</title>"
                                + "</head><body><h1>")
                .append(esc(subject))
                .append("</h1>\n");
        if (latest != null) {
            var c = latest.compliance();
            List<String> risk = new java.util.ArrayList<>(ComplianceLines.compliance(c));
            risk.set(0, risk.get(0) + " (run " + latest.result().runId() + ")");
            List<String> carried = ComplianceLines.exceptions(c, latest.result().evaluatedAt());
            lines(t, h, "COMPLIANCE", risk);
            if (!carried.isEmpty()) {
                lines(t, h, "APPROVED EXCEPTIONS (" + carried.size() + ", oldest first)", carried);
            }
        }
        section(t, h, "APPEARED", episodes.stream().filter(appeared).toList());
        section(
                t,
                h,
                "FLAPPING (reopened within the flap window)",
                episodes.stream().filter(flapped).toList());
        section(t, h, "RESOLVED", episodes.stream().filter(resolved).toList());
        section(
                t,
                h,
                "STILL OPEN",
                episodes.stream()
                        .filter(open)
                        .filter(appeared.negate())
                        .filter(flapped.negate())
                        .toList());
        h.append("</body></html>\n");
        return new OutgoingMail(
                0,
                "<digest-" + until.getEpochSecond() + "." + instance + "@driftwarden>",
                OutgoingMail.DIGEST,
                null,
                subject,
                t.toString(),
                h.toString(),
                List.of(),
                to);
    }

    private static void lines(StringBuilder t, StringBuilder h, String title, List<String> lines) {
        t.append("\n").append(title).append("\n");
        h.append("<h2>").append(esc(title)).append("</h2>\n<ul>\n");
        for (String l : lines) {
            t.append("  ").append(l.strip()).append('\n');
            h.append("<li>").append(esc(l.strip())).append("</li>\n");
        }
        h.append("</ul>\n");
    }

    private static void section(StringBuilder t, StringBuilder h, String title, List<Episode> list) {
        t.append("\n").append(title).append(" (").append(list.size()).append(")\n");
        h.append("<h2>").append(esc(title)).append(" (").append(list.size()).append(")</h2>\n<ul>\n");
        for (Episode e : list) {
            String line = e.host() + ": " + e.resource() + " " + e.property() + " " + e.classification()
                    + (e.approval() == null ? "" : " (" + e.approval() + ")") + ", actual " + e.actual()
                    + ", first seen " + e.firstSeen()
                    + (e.closedAt() == null ? "" : ", resolved " + e.closedAt() + " by " + e.resolvedBy());
            t.append("  ").append(Printable.of(line)).append('\n');
            h.append("<li>").append(esc(Printable.of(line))).append("</li>\n");
        }
        h.append("</ul>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
