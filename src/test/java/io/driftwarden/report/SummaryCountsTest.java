package io.driftwarden.report;

import static io.driftwarden.audit.Runs.drift;
import static io.driftwarden.audit.Runs.host;
import static io.driftwarden.audit.Runs.hour;
import static io.driftwarden.audit.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.audit.Runs;
import io.driftwarden.diff.NotChecked;
import io.driftwarden.standard.ResourceId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The summary's counts agree with the sections below them: a host not fully audited counts as incomplete. */
class SummaryCountsTest {
    /** web-1 has unapproved drift (its status) and a property it could not read; web-2 is fine. */
    static final AuditResult RUN = run(
            "a",
            hour(0),
            "r1",
            new HostResult(
                    host("web-1"),
                    HostStatus.UNAPPROVED_DRIFT,
                    null,
                    null,
                    List.of("base"),
                    List.of(seen(drift("file:/etc/a", "0644"))),
                    List.of(new NotChecked(
                            ResourceId.parse("file:/etc/b").orElseThrow(), "mode", "permission-denied"))),
            Runs.ok("web-2"));

    static ClassifiedDrift seen(ClassifiedDrift d) {
        return new ClassifiedDrift(d.drift(), d.classification(), hour(0), null);
    }

    @Test
    void theTextSummaryCountsTheHostItListsAsNotFullyAudited() {
        String text = TextReport.EVERYTHING.render(io.driftwarden.audit.RunReport.of(RUN));
        assertThat(text).contains("\nNOT FULLY AUDITED\n  web-1: unapproved_drift\n");
        assertThat(text)
                .contains("2 hosts: 1 compliant, 0 approved drift, 1 unapproved drift, 1 incomplete"
                        + " (1 of them with unapproved drift), 0 uncovered, 0 failed\n");
    }

    @Test
    void theHtmlHeaderCountsItToo() {
        String html = HtmlReport.EVERYTHING.render(io.driftwarden.audit.RunReport.of(RUN));
        Matcher row = Pattern.compile("<tr><td class=\"num\">(\\d+)</td>((?:<td class=\"num[^\"]*\">\\d+</td>)+)</tr>")
                .matcher(html);
        assertThat(row.find()).isTrue();
        List<String> counts = Pattern.compile(">(\\d+)<")
                .matcher(row.group(2))
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(counts)
                .as("compliant, approved, unapproved, incomplete, uncovered, failed")
                .containsExactly("1", "0", "1", "1", "0", "0");
    }

    @Test
    void aFullyAuditedFleetHasNoIncompleteHostAndNoSection() {
        AuditResult clean = run("a", hour(0), "r1", Runs.ok("web-1", drift("file:/etc/a", "0644")), Runs.ok("web-2"));
        assertThat(TextReport.EVERYTHING.render(io.driftwarden.audit.RunReport.of(clean)))
                .contains(", 0 incomplete, ")
                .doesNotContain("NOT FULLY AUDITED");
    }
}
