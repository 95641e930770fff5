package io.driftwarden.report;

import static io.driftwarden.audit.Runs.drift;
import static io.driftwarden.audit.Runs.hour;
import static io.driftwarden.audit.Runs.ok;
import static io.driftwarden.audit.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.history.RunHistory;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** "Changes since the last report" says what kind of change each is, from the real episode rules. */
class HtmlChangesTest {
    static String changesSection(RunHistory before, AuditResult r) {
        RunHistory.Step step = before.advance(
                r,
                Set.of("web-1", "web-2"),
                true,
                io.driftwarden.audit.Runs.DAY,
                io.driftwarden.history.RevisionChanges.UNKNOWN);
        String html = HtmlReport.EVERYTHING.render(io.driftwarden.audit.RunReport.of(
                io.driftwarden.audit.Runs.shown(step, r), step.events(), List.of(), ZoneId.of("UTC")));
        int from = html.indexOf("<h2>Changes since the last report</h2>");
        return html.substring(from, html.indexOf("<h2>", from + 5));
    }

    static RunHistory after(AuditResult... runs) {
        RunHistory h = RunHistory.EMPTY;
        for (AuditResult r : runs) {
            h = h.advance(
                            r,
                            Set.of("web-1", "web-2"),
                            true,
                            io.driftwarden.audit.Runs.DAY,
                            io.driftwarden.history.RevisionChanges.UNKNOWN)
                    .next();
        }
        return h;
    }

    @Test
    void aValueChangeShowsTheOldAndNewValueEscaped() {
        RunHistory h = after(run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644"))));
        String s = changesSection(h, run("b", hour(1), "r1", ok("web-1", drift("file:/etc/a", "<b>0666</b>"))));
        assertThat(s)
                .contains("value changed: was <code>0644</code>, now <code>&lt;b&gt;0666&lt;/b&gt;</code>")
                .doesNotContain("<b>0666");
    }

    @Test
    void aFlapReadsDifferentlyFromAFirstAppearance() {
        RunHistory h = after(
                run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644")), ok("web-2")),
                run("b", hour(1), "r1", ok("web-1"), ok("web-2")));
        String s = changesSection(
                h,
                run(
                        "c",
                        hour(2),
                        "r1",
                        ok("web-1", drift("file:/etc/a", "0644")),
                        ok("web-2", drift("file:/etc/b", "0600"))));
        assertThat(s)
                .contains("<strong>appeared again</strong> (flapping")
                .containsOnlyOnce("appeared again")
                .contains("<td>appeared</td><td>web-2</td>");
    }

    @Test
    void resolutionsSayByWhat() {
        RunHistory h = after(run("a", hour(0), "r1", ok("web-1", drift("file:/etc/a", "0644")), ok("web-2")));
        assertThat(changesSection(h, run("b", hour(1), "r1", ok("web-1"), ok("web-2"))))
                .contains("resolved on the host");
    }
}
