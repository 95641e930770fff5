package io.driftwarden.report;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.standard.Value;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A self-contained HTML page (inline CSS, no scripts, no network) for reviewers. This first version lists
 * drift by classification and coverage; the reviewers' issue grows it into the full report of section 8.
 */
public final class HtmlReport {
    private static final String CSS = "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;"
            + "width:100%;margin-bottom:2em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
            + "th{background:#eee}.bad{color:#a00}.warn{background:#fff3cd;padding:8px;border:1px solid #e0c36a}"
            + "code,pre{font-family:monospace;white-space:pre-wrap}";

    private HtmlReport() {}

    public static String render(AuditResult r, ZoneId zone) {
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(zone);
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        b.append("<title>driftwarden ").append(esc(r.instance())).append(" ").append(esc(r.runId())).append("</title>");
        b.append("<style>").append(CSS).append("</style></head><body>\n");
        b.append("<h1>driftwarden ").append(esc(r.instance())).append("</h1>\n");
        if (r.standard().unsigned()) {
            b.append("<p class=\"warn\"><strong>UNSIGNED</strong>: ").append(esc(r.standard().problem())).append("</p>\n");
        }
        if (!r.standard().unsigned()) {
            b.append("<p>Standard revision ").append(r.standard().serial()).append(" <code>").append(esc(r.standard().revision()))
                    .append("</code>, signed off by ").append(esc(String.join(", ", r.standard().signers()))).append(".</p>\n");
        }
        if (!r.approvals().unauthorised().isEmpty()) {
            b.append("<p class=\"warn\">Unauthorised change records (approve nothing): ")
                    .append(esc(String.join(", ", r.approvals().unauthorised()))).append("</p>\n");
        }
        b.append("<p>Run ").append(esc(r.runId())).append(", evaluated at ").append(fmt.format(r.evaluatedAt()))
                .append(r.preview() ? " (preview)" : "").append(". Compliant means compliant with the declared properties.</p>\n");
        b.append("<table><tr><th>hosts</th><th>compliant</th><th>approved drift</th><th>unapproved drift</th>"
                + "<th>incomplete</th><th>uncovered</th><th>failed</th></tr><tr>");
        b.append(td(r.hosts().size()));
        for (HostStatus s : HostStatus.values()) {
            b.append(td(r.count(s)));
        }
        b.append("</tr></table>\n");
        drifts(b, r, false, "Unapproved drift");
        drifts(b, r, true, "Approved drift");
        b.append("<h2>Coverage</h2><table><tr><th>host</th><th>status</th><th>standards</th><th>problem</th></tr>\n");
        for (HostResult h : r.hosts()) {
            b.append("<tr><td>").append(esc(h.host().name())).append("</td><td>").append(h.status().label())
                    .append("</td><td>").append(esc(String.join(", ", h.standards()))).append("</td><td>")
                    .append(h.error() == null ? "" : esc(h.error().kind() + ": " + h.error().message()))
                    .append("</td></tr>\n");
        }
        b.append("</table></body></html>\n");
        return b.toString();
    }

    private static void drifts(StringBuilder b, AuditResult r, boolean approved, String title) {
        b.append("<h2>").append(title).append("</h2><table><tr><th>host</th><th>resource</th><th>property</th>"
                + "<th>expected</th><th>actual</th><th>why</th><th>declared at</th><th>remedy / diff</th></tr>\n");
        for (HostResult h : r.hosts()) {
            for (ClassifiedDrift d : h.drifts()) {
                if (d.classification().approved() != approved) {
                    continue;
                }
                var c = d.classification();
                b.append("<tr><td>").append(esc(h.host().name())).append("</td><td><code>")
                        .append(esc(d.drift().resource().toString())).append("</code></td><td>").append(d.drift().property())
                        .append("</td><td><code>").append(esc(v(d.drift().shownExpected()))).append("</code></td><td><code>")
                        .append(esc(v(d.drift().shownActual()))).append("</code></td><td>")
                        .append(esc(approved ? "approved by " + c.approval() : c.reason() + (c.approval() == null ? "" : " " + c.approval())))
                        .append("</td><td>").append(esc(d.drift().declaredAt())).append("</td><td><code>")
                        .append(esc(d.drift().remedy())).append("</code>");
                if (d.drift().diff() != null) {
                    b.append("<pre>").append(esc(d.drift().diff())).append("</pre>");
                }
                b.append("</td></tr>\n");
            }
        }
        b.append("</table>\n");
    }

    private static String v(Value v) {
        return v == null ? "(missing)" : v.toString();
    }

    private static String td(long n) {
        return "<td>" + n + "</td>";
    }

    /** Escapes markup and shows control/bidi characters visibly: host strings are data. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return Printable.of(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
