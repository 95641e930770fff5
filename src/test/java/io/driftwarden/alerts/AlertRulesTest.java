package io.driftwarden.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The rules pass `promtool check rules` and their own `promtool test rules`; every alert has a runbook section. */
class AlertRulesTest {
    static String promtool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(Path.of("alerts").toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void rulesAreValidAndTheirTestsPass() throws Exception {
        assertThat(promtool("check", "rules", "driftwarden.rules.yml")).contains("SUCCESS: 19 rules found");
        assertThat(promtool("test", "rules", "driftwarden.test.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlertOfSectionTenHasItsLabelsAnnotationsAndRunbook() throws Exception {
        String rules = Files.readString(Path.of("alerts/driftwarden.rules.yml"));
        String runbook = Files.readString(Path.of("alerts/README.md"));
        List<String> alerts = List.of(
                "DriftwardenUnapprovedDriftAppeared",
                "DriftwardenUnapprovedDriftBacklog",
                "DriftwardenUnapprovedDriftPersisting",
                "DriftwardenApprovalOverdue",
                "DriftwardenApprovalExpiringSoon",
                "DriftwardenAuditStale",
                "DriftwardenHostUnreachable",
                "DriftwardenManyHostsUnreachable",
                "DriftwardenHostKeyMismatch",
                "DriftwardenStandardNotVerified",
                "DriftwardenEmailUndelivered",
                "DriftwardenEmailRelayStalling",
                "DriftwardenDown");
        for (String a : alerts) {
            Matcher m = Pattern.compile("- alert: " + a + "\\n(.*?)(?=\\n      - alert:|\\z)", Pattern.DOTALL)
                    .matcher(rules);
            assertThat(m.find()).as(a).isTrue();
            assertThat(m.group(1))
                    .as(a)
                    .contains("severity:")
                    .contains("summary:")
                    .contains("description:")
                    .contains("runbook_url: \"https://github.com/driftwarden/driftwarden/blob/main/alerts/README.md#"
                            + a.toLowerCase() + "\"");
            assertThat(runbook).as(a).contains("## " + a + "\n");
        }
    }
}
