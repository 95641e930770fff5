package io.driftwarden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with a real Prometheus (Debian's package, on 127.0.0.1) scraping the daemon and evaluating our
 * rules (DriftwardenDown's 5 minutes shortened to 10 s, and a 4-second remediation deadline, so the test can see
 * them).
 */
class PrometheusE2EIT {
    static final Path DEMO = Path.of("test-fixtures/demo");

    @TempDir
    Path dir;

    Process prometheus;

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
        new ProcessBuilder("sh", DEMO.resolve("build.sh").toString()).start().waitFor(); // undo the planted drift
    }

    @Test
    void newUnapprovedDriftFiresPerHostAnOverdueOneFiresAndStoppingTheDaemonFiresDown() throws Exception {
        assertThat(new ProcessBuilder("sh", DEMO.resolve("build.sh").toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        int port = DaemonIT.freePort();
        int promPort = DaemonIT.freePort();
        Path cfg = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "instance: e2e\nstandards: "
                        + DEMO.resolve("build/standards").toAbsolutePath() + "\ninventory: "
                        + DEMO.resolve("inventory.yaml").toAbsolutePath()
                        + "\nreports_dir: reports\nstore: {url: \"jdbc:h2:file:./state/driftwarden\"}\nhmac_key_file: state/hmac.key\n"
                        + "signoff: {allowed_signers: "
                        + DEMO.resolve("build/allowed_signers").toAbsolutePath() + ", required: 2}\n"
                        + "schedule: {cron: \"0/2 * * * * ?\"}\nhttp: {listen: \"127.0.0.1:" + port + "\"}\n"
                        // a 4-second deadline, escalated to a relay nobody listens on (the mail waits in the outbox)
                        + "approvals: {remediate_within: 4s}\n"
                        + "email: {smtp: {host: localhost, port: " + DaemonIT.freePort() + ", security: none},"
                        + " from: d@example.com, to: [ops@example.com], timeout: 1s, send_deadline: 2s}\n");
        Files.writeString(
                dir.resolve("rules.yml"),
                Files.readString(Path.of("alerts/driftwarden.rules.yml"))
                        .replace("        for: 5m\n", "        for: 10s\n"));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: [rules.yml]
                scrape_configs:
                  - job_name: driftwarden
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(port));
        prometheus = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try (DaemonProcess d = DaemonProcess.start(cfg, port, dir.resolve("daemon.log"))) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> firing(promPort, "DriftwardenUnapprovedDriftAppeared")
                            .equals(Set.of("db-1", "web-3")));
            assertThat(firing(promPort, "DriftwardenAuditStale")).isEmpty();
            assertThat(firing(promPort, "DriftwardenDown")).isEmpty();

            // the demo's unapproved drift outlives its 4-second deadline: the fleet-level alert fires, and the
            // daemon counted the escalation
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> !firing(promPort, "DriftwardenUnapprovedDriftOverdue")
                            .isEmpty());
            // (the alert fires at the deadline itself; the run after it makes the escalation)
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> d.sample("driftwarden_escalations_total{level=\"1\",reason=\"overdue\"}") >= 1);

            // an operator hotfixes web-1: a second host with a new unapproved drift, a second alert instance
            Files.setPosixFilePermissions(
                    DEMO.resolve("build/roots/web-1/etc/ssh/sshd_config"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> firing(promPort, "DriftwardenUnapprovedDriftAppeared")
                            .equals(Set.of("db-1", "web-1", "web-3")));
            assertThat(firing(promPort, "DriftwardenAuditStale")).isEmpty();

            assertThat(d.terminate(10)).isIn(0, 143);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> !firing(promPort, "DriftwardenDown").isEmpty());
        }
    }

    /** The hosts (or instances) for which Prometheus reports the alert as firing. */
    static Set<String> firing(int promPort, String alert) throws Exception {
        String body = DaemonProcess.HTTP
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort + "/api/v1/alerts"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Set<String> out = new TreeSet<>();
        for (JsonNode a : new ObjectMapper().readTree(body).at("/data/alerts")) {
            if (a.at("/labels/alertname").asText().equals(alert)
                    && a.get("state").asText().equals("firing")) {
                out.add(a.at("/labels/host").asText(a.at("/labels/instance").asText("-")));
            }
        }
        return out;
    }
}
