package io.driftwarden.notify;

import io.driftwarden.followup.Escalation;
import io.driftwarden.report.ComplianceLines;
import io.driftwarden.report.HtmlReport;
import io.driftwarden.report.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The escalation mails of one run: one per level reached (and one per level reminded), listing every unapproved
 * drift past its deadline and every host nobody could audit for that long. Never coalesced (security kind), so a
 * later report cannot swallow an escalation; shown values only, never content.
 */
public final class EscalationMails {
    private EscalationMails() {}

    /**
     * One mail per (reminder or not, level), to {@code email.to} and that level's own recipients; in level order,
     * escalations first.
     */
    public static List<OutgoingMail> of(
            String instance,
            String runId,
            Instant now,
            List<Escalation> all,
            List<io.driftwarden.config.Config.Level> levels) {
        Map<String, List<Escalation>> groups = new TreeMap<>();
        for (Escalation e : all) {
            groups.computeIfAbsent((e.reminder() ? "2" : "1") + e.level(), k -> new ArrayList<>())
                    .add(e);
        }
        List<OutgoingMail> out = new ArrayList<>();
        groups.values()
                .forEach(g -> out.add(mail(instance, runId, now, g)
                        .withRecipients(levels.get(Math.min(g.get(0).level(), levels.size()) - 1)
                                .to())));
        return out;
    }

    private static OutgoingMail mail(String instance, String runId, Instant now, List<Escalation> group) {
        Escalation first = group.get(0);
        String what = first.reminder() ? "reminder" : "escalation";
        long drifts = group.stream().filter(e -> e.drift() != null).count();
        long hosts = group.size() - drifts;
        List<String> parts = new ArrayList<>();
        if (drifts > 0) {
            parts.add(drifts + " unapproved " + (drifts == 1 ? "drift" : "drifts") + " overdue");
        }
        if (hosts > 0) {
            parts.add(hosts + (hosts == 1 ? " host" : " hosts") + " not audited");
        }
        String subject = "[driftwarden " + instance + "] " + what + " level " + first.level() + " ("
                + Printable.of(first.levelName()) + "): " + String.join(", ", parts);
        StringBuilder t = new StringBuilder();
        t.append(first.reminder() ? "Still past the deadline" : "Past the deadline")
                .append(" at level ")
                .append(first.level())
                .append(" (")
                .append(Printable.of(first.levelName()))
                .append("), run ")
                .append(runId)
                .append(":\n\n");
        for (Escalation e : group) {
            t.append("  ").append(line(e, now)).append('\n');
        }
        t.append(
                        "\nRevert each drift through the standard (driftwarden revert), fold it in (driftwarden adopt), or have")
                .append(" it approved by a signed change record. A host that cannot be audited hides its drift: fix")
                .append(" the auditor's access.\n");
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + HtmlReport.escape(subject)
                + "</title></head><body><pre>" + HtmlReport.escape(t.toString()) + "</pre></body></html>";
        return new OutgoingMail(
                0,
                "<" + what + "-L" + first.level() + "-" + runId + "." + instance + "@driftwarden>",
                OutgoingMail.SECURITY,
                runId,
                subject,
                t.toString(),
                html,
                List.of());
    }

    static String line(Escalation e, Instant now) {
        String overdue = ", deadline " + e.deadline() + " (overdue "
                + ComplianceLines.age(
                        Duration.between(e.deadline(), now).isNegative()
                                ? Duration.ZERO
                                : Duration.between(e.deadline(), now))
                + ")";
        if (e.drift() == null) {
            return Printable.of(e.host()) + ": not audited since " + e.anchor() + overdue;
        }
        var s = e.seen();
        return Printable.of(e.drift().host() + ": " + e.drift().resource() + " "
                        + e.drift().property()
                        + (s == null
                                ? ""
                                : ", actual " + s.actual()
                                        + (s.declaredAt() == null ? "" : " (" + s.declaredAt() + ")")))
                + ", clock started " + e.anchor() + overdue;
    }
}
