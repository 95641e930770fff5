package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo fleet of the Quick start: every outcome shows, and previews are reproducible. */
class DemoAuditTest {
    static final Path DEMO = Path.of("test-fixtures/demo");
    static final String CONFIG = DEMO.resolve("driftwarden.yaml").toString();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void build() throws Exception {
        Process p = new ProcessBuilder("sh", DEMO.resolve("build.sh").toString())
                .inheritIO()
                .start();
        assertThat(p.waitFor()).isZero();
    }

    static JsonNode audit(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("audit", "--config", CONFIG, "--format", "json"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isEqualTo(2);
        return JSON.readTree(run.out());
    }

    @Test
    void theDemoShowsEveryOutcome() throws Exception {
        JsonNode r = audit();
        TreeSet<String> statuses = new TreeSet<>();
        TreeSet<String> reasons = new TreeSet<>();
        r.get("hosts").forEach(h -> {
            statuses.add(h.get("status").asText());
            h.get("drifts")
                    .forEach(d -> reasons.add(d.get("classification").asText() + "/"
                            + d.get("reason").asText()));
        });
        assertThat(statuses).contains("compliant", "approved_drift", "unapproved_drift");
        assertThat(reasons)
                .contains(
                        "approved/null",
                        "unapproved/no-approval",
                        "unapproved/value-mismatch",
                        "unapproved/approval-expired",
                        "unapproved/not-yet-valid");
        assertThat(r.at("/approvals/unused").toString()).contains("CHG-2050");
        assertThat(r.at("/approvals/overdue").toString()).contains("CHG-1999");
        assertThat(r.at("/summary/not_checked").asInt()).isPositive();
        assertThat(r.at("/standard/unsigned").asBoolean()).isFalse();
        assertThat(r.at("/standard/verified").asBoolean()).isTrue();
        assertThat(r.at("/standard/serial").asLong()).isEqualTo(1);
        assertThat(r.at("/standard/signers").toString()).isEqualTo("[\"alice@example.com\",\"bob@example.com\"]");
        assertThat(r.at("/approvals/unauthorised").toString()).isEqualTo("[\"CHG-2077\"]");
        assertThat(r.at("/preview").asBoolean()).isFalse();
        assertThat(Files.exists(
                        DEMO.resolve("var/reports").resolve(r.get("run_id").asText() + ".json")))
                .isTrue();
    }

    @Test
    void twoPreviewsDifferOnlyWhereAllowed() throws Exception {
        String at = java.time.Instant.now()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        JsonNode a = audit("--at", at);
        JsonNode b = audit("--at", at);
        assertThat(a.get("run_id")).isNotEqualTo(b.get("run_id"));
        assertThat(a.get("preview").asBoolean()).isTrue();
        assertThat(Files.exists(
                        DEMO.resolve("var/reports").resolve(a.get("run_id").asText() + ".json")))
                .isFalse();
        assertThat(stripAllowed(a)).isEqualTo(stripAllowed(b));
    }

    @Test
    void usageErrorsAreOneLineAndExitOne() {
        CliRun noHost = CliRun.of("audit", "--config", CONFIG, "--hosts", "nope-*");
        assertThat(noHost.exit()).isEqualTo(1);
        assertThat(noHost.err())
                .startsWith("--hosts: nope-* matches no host of ")
                .hasLineCount(1);
        CliRun unsigned = CliRun.of("audit", "--config", "test-fixtures/malformed/_base/driftwarden.yaml");
        assertThat(unsigned.exit()).isEqualTo(1);
        assertThat(unsigned.err())
                .contains("signoff: required")
                .contains("--insecure-unsigned")
                .hasLineCount(1);
        CliRun missing = CliRun.of("audit", "--config", "no/such.yaml", "--insecure-unsigned");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("no/such.yaml: no such file (the config)\n");
        CliRun badAt = CliRun.of("audit", "--config", CONFIG, "--insecure-unsigned", "--at", "2026-11-23");
        assertThat(badAt.exit()).isEqualTo(1);
        assertThat(badAt.err()).startsWith("--at: must be an RFC 3339 instant");
        CliRun badFormat = CliRun.of("audit", "--config", CONFIG, "--insecure-unsigned", "--format", "xml");
        assertThat(badFormat.exit()).isEqualTo(1);
    }

    /** Section 8: only run_id, started_at, finished_at and history fields may differ. */
    static JsonNode stripAllowed(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        copy.remove(List.of("run_id", "started_at", "finished_at"));
        copy.get("hosts")
                .forEach(h ->
                        h.get("drifts").forEach(d -> ((ObjectNode) d).remove(List.of("first_seen", "last_clean_at"))));
        return copy;
    }
}
