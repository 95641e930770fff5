package io.driftwarden.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.audit.Actor;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.RunReport;
import io.driftwarden.audit.Runs;
import io.driftwarden.report.HtmlReport;
import io.driftwarden.report.JsonReport;
import io.driftwarden.report.TextReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Possible actors: the reports carry the redacted log line; the mail names only the kind and the user. */
class ReportMailActorsTest {
    @Test
    void theMailShowsKindAndUserOnly() throws Exception {
        Instant at = Runs.hour(1);
        ClassifiedDrift d = Runs.drift("file:/etc/dw-app.conf", "0666");
        d = new ClassifiedDrift(
                d.drift(),
                d.classification(),
                at,
                Runs.hour(0),
                List.of(
                        new Actor(
                                "sudo",
                                "ops-alice",
                                at.minusSeconds(600),
                                "COMMAND=/usr/bin/chmod 0666 /etc/dw-app.conf",
                                "/var/log/sudo.log"),
                        new Actor(
                                "login",
                                "ops-alice",
                                at.minusSeconds(900),
                                "ssh login (publickey) from 192.0.2.7",
                                "/var/log/auth.log")));
        AuditResult r = Runs.run("r1", at, "sha256:x", Runs.ok("web-1", d));
        RunReport ctx = RunReport.of(r);

        var evidence = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(JsonReport.WRITER.render(ctx))
                .at("/hosts/0/drifts/0/evidence");
        assertThat(evidence.get(0).get("kind").asText() + " "
                        + evidence.get(0).get("user").asText())
                .isEqualTo("sudo ops-alice");
        assertThat(evidence.get(0).get("detail").asText()).isEqualTo("COMMAND=/usr/bin/chmod 0666 /etc/dw-app.conf");
        assertThat(evidence).hasSize(2);
        assertThat(TextReport.EVERYTHING.render(ctx))
                .contains("possible actor (heuristic): ops-alice via sudo at ")
                .contains("COMMAND=/usr/bin/chmod 0666 /etc/dw-app.conf (/var/log/sudo.log)");
        assertThat(HtmlReport.EVERYTHING.render(ctx))
                .contains("<strong>ops-alice</strong> via sudo at ")
                .contains("<code>COMMAND=/usr/bin/chmod 0666 /etc/dw-app.conf</code>");

        OutgoingMail mail = ReportMails.report(ctx, 2 * 1024 * 1024, null);
        assertThat(mail.text())
                .contains("possible actor (heuristic): ops-alice via sudo\n")
                .contains("possible actor (heuristic): ops-alice via login\n")
                .doesNotContain("COMMAND=")
                .doesNotContain("192.0.2.7");
        assertThat(mail.html())
                .contains("<strong>ops-alice</strong> via sudo</li>")
                .doesNotContain("COMMAND=")
                .doesNotContain("192.0.2.7");
    }
}
