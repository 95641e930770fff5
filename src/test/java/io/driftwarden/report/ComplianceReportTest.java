package io.driftwarden.report;

import static io.driftwarden.audit.Runs.hour;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.approval.Classification;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.RunReport;
import io.driftwarden.audit.Runs;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import io.driftwarden.standard.Selector;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The board's view of risk reads the same in the JSON, the text and the HTML report. */
class ComplianceReportTest {
    static HostResult in(HostResult h, String group) {
        Host g =
                new Host(h.host().name(), Transport.SSH, "192.0.2.1", 22, "audit", Set.of(group), Map.of(), null, null);
        return new HostResult(g, h.status(), h.observed(), h.error(), h.standards(), h.drifts(), h.notChecked());
    }

    static final ClassifiedDrift APPROVED = new ClassifiedDrift(
            Runs.drift("file:/etc/motd", "mode", "0644", "approved", "base.yaml")
                    .drift(),
            new Classification("approved", null, "CHG-7", List.of(), List.of()),
            hour(1),
            null);

    static final RunReport REPORT = RunReport.of(
            Runs.run(
                    "r",
                    hour(73),
                    "sha256:a",
                    in(Runs.ok("web-1"), "web"),
                    in(Runs.ok("web-2", APPROVED), "web"),
                    in(Runs.ok("db-1", SummaryCountsTest.seen(Runs.drift("file:/etc/hosts", "0600"))), "db"),
                    in(Runs.failed("db-2"), "db")),
            List.of(),
            List.of(new ChangeRecord(
                    "CHG-7",
                    "s",
                    List.of("carol@example.com"),
                    hour(1),
                    null,
                    hour(200),
                    "INC-7",
                    "revert",
                    Selector.all(),
                    List.of(),
                    "approvals/CHG-7.yaml")),
            ZoneOffset.UTC,
            Map.of("CHG-7", "https://tickets.example.com/INC-7"));

    @Test
    void jsonCarriesBothRatiosPerGroupAndTheExceptionsWithTheirAge() throws Exception {
        JsonNode c =
                new ObjectMapper().readTree(JsonReport.WRITER.render(REPORT)).get("compliance");
        assertThat(c.get("fleet").toString())
                .isEqualTo(
                        "{\"hosts\":4,\"compliant\":1,\"approved_drift\":1,\"strict\":0.25,\"with_exceptions\":0.5}");
        assertThat(c.get("groups").get(0).get("group").asText()).isEqualTo("db");
        assertThat(c.get("groups").get(0).get("with_exceptions").asDouble()).isZero();
        assertThat(c.get("groups").get(1).get("with_exceptions").asDouble()).isEqualTo(1.0);
        JsonNode e = c.get("exceptions").get(0);
        assertThat(e.get("record").asText()).isEqualTo("CHG-7");
        assertThat(e.get("hosts").toString()).isEqualTo("[\"web-2\"]");
        assertThat(e.get("age_seconds").asLong()).isEqualTo(72 * 3600);
        assertThat(e.get("url").asText()).isEqualTo("https://tickets.example.com/INC-7");
    }

    @Test
    void textAndHtmlShowTheSameNumbers() {
        String text = TextReport.EVERYTHING.render(REPORT);
        assertThat(text)
                .contains(
                        "compliance: strict 25% (1 of 4 hosts without drift), with approved exceptions 50% (2 of 4)\n"
                                + "  group db: strict 0% (0 of 2 hosts without drift), with approved exceptions 0% (0 of 2)\n"
                                + "  group web: strict 50% (1 of 2 hosts without drift), with approved exceptions 100% (2 of 2)\n")
                .contains("\nAPPROVED EXCEPTIONS (oldest first)\n  CHG-7: 1 drift on web-2, carried 3d 0h, expires "
                        + hour(200) + ", ticket INC-7\n");
        String html = HtmlReport.EVERYTHING.render(REPORT);
        assertThat(html)
                .contains("<tr><td>fleet</td><td>4</td><td>25% (1)</td><td>50% (2)</td></tr>")
                .contains("<tr><td>group web</td><td>2</td><td>50% (1)</td><td>100% (2)</td></tr>")
                .contains("<a href=\"https://tickets.example.com/INC-7\"><code>CHG-7</code></a></td><td>1</td>"
                        + "<td>web-2</td><td>3d 0h</td>");
    }

    @Test
    void ninetyNineAndAHalfPercentIsNotShownAsAHundred() {
        assertThat(ComplianceLines.percent(0.995)).isEqualTo("99%");
        assertThat(ComplianceLines.percent(1)).isEqualTo("100%");
    }
}
