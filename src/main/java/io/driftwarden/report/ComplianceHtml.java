package io.driftwarden.report;

import static io.driftwarden.report.HtmlReport.esc;

import io.driftwarden.audit.Compliance;
import io.driftwarden.audit.RunReport;
import java.time.format.DateTimeFormatter;

/**
 * The HTML report's risk section: compliance strict and with approved exceptions, fleet-wide and per group, then the
 * approved exceptions the board carries, oldest first (the same numbers as {@link ComplianceLines}).
 */
final class ComplianceHtml {
    private ComplianceHtml() {}

    static void write(StringBuilder b, RunReport ctx, DateTimeFormatter fmt) {
        Compliance c = ctx.compliance();
        b.append("<h2>Compliance</h2>\n<table><tr><th>scope</th><th>hosts</th><th>strict (no drift)</th>"
                + "<th>with approved exceptions</th></tr>\n");
        row(b, "fleet", c.fleet());
        c.groups().forEach(g -> row(b, "group " + g.group(), g));
        b.append("</table>\n");
        if (c.exceptions().isEmpty()) {
            return;
        }
        b.append("<h2>Approved exceptions (")
                .append(c.exceptions().size())
                .append(")</h2>\n")
                .append(
                        "<table><tr><th>record</th><th>drifts</th><th>hosts</th><th>carried</th><th>expires</th></tr>\n");
        for (Compliance.Carried e : c.exceptions()) {
            String id = "<code>" + esc(e.record()) + "</code>";
            b.append("<tr><td>")
                    .append(ctx.link(e.record())
                            .map(url -> "<a href=\"" + esc(url) + "\">" + id + "</a>")
                            .orElse(id))
                    .append("</td><td>")
                    .append(e.drifts())
                    .append("</td><td>")
                    .append(esc(String.join(", ", e.hosts())))
                    .append("</td><td>")
                    .append(ComplianceLines.age(e.age(ctx.result().evaluatedAt())))
                    .append("</td><td>")
                    .append(e.expires() == null ? "" : fmt.format(e.expires()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void row(StringBuilder b, String scope, Compliance.Share s) {
        b.append("<tr><td>")
                .append(esc(scope))
                .append("</td><td>")
                .append(s.hosts())
                .append("</td><td>")
                .append(ComplianceLines.percent(s.strict()))
                .append(" (")
                .append(s.compliant())
                .append(")</td><td>")
                .append(ComplianceLines.percent(s.withExceptions()))
                .append(" (")
                .append(s.compliant() + s.approvedDrift())
                .append(")</td></tr>\n");
    }
}
