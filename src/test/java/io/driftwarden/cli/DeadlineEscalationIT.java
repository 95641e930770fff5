package io.driftwarden.cli;

import static io.driftwarden.cli.WeekSimulationIT.id;
import static io.driftwarden.cli.WeekSimulationIT.recipients;
import static io.driftwarden.cli.WeekSimulationIT.subject;
import static io.driftwarden.cli.WeekSimulationIT.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.driftwarden.audit.DriftEvent;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.daemon.ScheduledRun;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.notify.TestTls;
import io.driftwarden.store.Store;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deadlines as the board lives them, over days of daemon runs on a moved clock, a real H2 store and real SMTP:
 * an unapproved hotfix escalates once per level (the team at 24 h, the chair at 72 h) and is then reminded daily; a
 * revert and the hotfix's return do not reset its deadline; a host nobody can audit escalates; a host removed from
 * the inventory resolves its drift with host-removed, in the report, never silently.
 */
class DeadlineEscalationIT {
    @TempDir
    Path dir;

    GreenMail smtp;
    List<String> escalationsAt = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();

    @Test
    void anOverdueHotfixEscalatesPerLevelAndAFlapDoesNotResetItsDeadline() throws Exception {
        TestTls.ensure();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        for (String h : List.of("web-1", "web-2", "db-1")) {
            Path r = Files.createDirectories(dir.resolve("roots").resolve(h).resolve("etc"));
            Files.writeString(r.resolve("motd"), "Authorized use only\n");
            Files.writeString(r.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
            Files.writeString(r.resolve("group"), "root:x:0:\n");
        }
        Files.createDirectories(dir.resolve("standards"));
        Files.writeString(dir.resolve("standards/base.yaml"), """
                standard: base
                resources:
                  - file: /etc/motd
                    content: "Authorized use only\\n"
                """);
        inventory("web-1", "web-2", "db-1");
        Path cfgFile = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "instance: prod\nstandards: standards\ninventory: inventory.yaml\nreports_dir: reports\n"
                        + "hmac_key_file: state/hmac.key\nstore: {url: \"jdbc:h2:file:./state/driftwarden\"}\n"
                        + "approvals:\n  remediate_within: 24h\n  escalation:\n    levels:\n"
                        + "      - {name: team, after: 0s}\n"
                        + "      - {name: chair, after: 48h, to: [chair@example.com]}\n"
                        + "    remind_every: 24h\n"
                        + "email: {smtp: {host: localhost, port: " + port + ", security: smtps, ca_file: " + TestTls.CA
                        + "}, from: driftwarden@example.com, to: [ops@example.com], policy: never, retry_after: 1s,"
                        + " timeout: 5s}\n");
        Config cfg = ConfigLoader.load(cfgFile);
        DriftwardenMetrics metrics = new DriftwardenMetrics("t", true);
        WeekSimulationIT.HourClock clock = new WeekSimulationIT.HourClock();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        smtp.start();
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun daemon = new ScheduledRun(
                    cfg,
                    cfgFile,
                    true,
                    metrics,
                    io.driftwarden.store.JdbcStorage.forRuns(store),
                    io.driftwarden.store.JdbcStorage.evidence(store),
                    clock);
            java.util.function.IntConsumer run = hour -> {
                clock.now = WeekSimulationIT.MONDAY.plus(Duration.ofHours(hour));
                int before = smtp.getReceivedMessages().length;
                daemon.run();
                daemon.drainOutbox();
                MimeMessage[] got = smtp.getReceivedMessages();
                for (MimeMessage m : Arrays.copyOfRange(got, before, got.length)) {
                    if (!ids.add(id(m))) {
                        continue; // GreenMail keeps one copy per recipient
                    }
                    escalationsAt.add(hour + " " + subject(m) + " -> " + String.join(",", recipients(m)));
                }
            };
            run.accept(0);
            hotfix("web-1", "maintenance tonight\n");
            run.accept(1); // opened: the clock starts now, the deadline is hour 25
            run.accept(24);
            assertThat(escalationsAt).isEmpty();
            run.accept(25);
            assertThat(escalationsAt)
                    .containsExactly("25 [driftwarden prod] escalation level 1 (team): 1 unapproved drift overdue"
                            + " -> ops@example.com");
            MimeMessage first = smtp.getReceivedMessages()[0];
            assertThat(text(first))
                    .contains("web-1: file:/etc/motd content, actual sha256:")
                    .contains("clock started 2026-11-23T01:00:00Z, deadline 2026-11-24T01:00:00Z (overdue 0m)")
                    .doesNotContain("maintenance tonight");
            assertThat(id(first)).startsWith("<escalation-L1-");
            assertThat(metrics.scrape())
                    .contains("driftwarden_unapproved_overdue{level=\"1\"} 1.0")
                    .contains("driftwarden_unapproved_overdue{level=\"2\"} 0.0")
                    .contains("driftwarden_oldest_unapproved_deadline_timestamp_seconds "
                            + (double) WeekSimulationIT.MONDAY
                                    .plus(Duration.ofHours(25))
                                    .getEpochSecond())
                    .contains("driftwarden_escalations_total{level=\"1\",reason=\"overdue\"} 1.0");

            // reverted, then back within the flap window: the same deadline, no second level-1 mail
            hotfix("web-1", "Authorized use only\n");
            run.accept(30);
            hotfix("web-1", "maintenance again\n");
            run.accept(31);
            run.accept(32);
            assertThat(escalationsAt).hasSize(1);
            assertThat(daemon.latest().orElseThrow().hosts().stream()
                            .filter(h -> h.host().name().equals("web-1"))
                            .findFirst()
                            .orElseThrow()
                            .drifts())
                    .singleElement()
                    .satisfies(d -> assertThat(d.flap()).isNotNull());

            // web-2 cannot be audited from hour 40 on: it escalates once it has been so for 24 hours
            Files.move(dir.resolve("roots/web-2"), dir.resolve("roots/web-2.gone"));
            run.accept(40);
            run.accept(63); // its last good audit was at 32: the deadline is 56; web-1's daily reminder was due at 49
            assertThat(escalationsAt.subList(1, 3))
                    .containsExactly(
                            "63 [driftwarden prod] escalation level 1 (team): 1 host not audited -> ops@example.com",
                            "63 [driftwarden prod] reminder level 1 (team): 1 unapproved drift overdue"
                                    + " -> ops@example.com");
            assertThat(metrics.scrape()).contains("driftwarden_hosts_unaudited_overdue 1.0");
            Files.move(dir.resolve("roots/web-2.gone"), dir.resolve("roots/web-2"));

            // level 2 (the chair, 48 h after the deadline) at 73, then a daily reminder
            run.accept(73);
            assertThat(escalationsAt.get(3))
                    .isEqualTo("73 [driftwarden prod] escalation level 2 (chair): 1 unapproved drift overdue"
                            + " -> ops@example.com,chair@example.com");
            assertThat(metrics.scrape()).contains("driftwarden_hosts_unaudited_overdue 0.0");
            run.accept(96);
            assertThat(escalationsAt).as("reminders count from the new level").hasSize(4);
            run.accept(97);
            assertThat(escalationsAt.get(4))
                    .startsWith("97 [driftwarden prod] reminder level 2 (chair): 1 unapproved drift overdue");

            // db-1 drifts, then leaves the inventory: resolved host-removed, said in the report's events
            hotfix("db-1", "db maintenance\n");
            run.accept(98);
            inventory("web-1", "web-2");
            run.accept(99);
            assertThat(daemon.latest().orElseThrow().hosts()).hasSize(2);
            List<String> resolved = store.tx(c -> {
                List<String> out = new ArrayList<>();
                try (var st = c.prepareStatement("SELECT host, resolved_by FROM episodes WHERE host = 'db-1'");
                        var rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + " " + rs.getString(2));
                    }
                }
                return out;
            });
            assertThat(resolved).containsExactly("db-1 inventory");
            assertThat(Files.readString(dir.resolve("reports/latest.json")))
                    .contains("\"event\" : \"" + DriftEvent.Kind.RESOLVED.label() + "\"")
                    .contains("\"host\" : \"db-1\"");
            List<String> streams = store.tx(c -> {
                List<String> out = new ArrayList<>();
                try (var st = c.prepareStatement("SELECT kind, level, state FROM follow_up_streams ORDER BY kind");
                        var rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3));
                    }
                }
                return out;
            });
            assertThat(streams)
                    .as("one stream for web-1's hotfix, kept across its flap; db-1's resolved host-removed")
                    .containsExactlyInAnyOrder("EPISODE 2 OPEN", "EPISODE 0 RESOLVED");
        } finally {
            smtp.stop();
        }
    }

    private void hotfix(String host, String motd) throws Exception {
        Files.writeString(dir.resolve("roots").resolve(host).resolve("etc/motd"), motd);
    }

    private void inventory(String... hosts) throws Exception {
        StringBuilder b = new StringBuilder("hosts:\n");
        for (String h : hosts) {
            b.append("  ")
                    .append(h)
                    .append(": {transport: image, root: roots/")
                    .append(h)
                    .append("}\n");
        }
        Files.writeString(dir.resolve("inventory.yaml"), b.toString());
    }
}
