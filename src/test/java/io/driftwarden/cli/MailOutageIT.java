package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.driftwarden.TestFiles;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.daemon.ScheduledRun;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.notify.TestTls;
import io.driftwarden.store.Outbox;
import io.driftwarden.store.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMTP down for three daemon runs, one of them against a tampered bundle, then back: one report mail naming the
 * three runs, the security mail, and nothing left in the outbox.
 */
class MailOutageIT {
    static final Path DEMO = Path.of("test-fixtures/demo").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void threeRunsDownThenOneCoalescedReportAndTheSecurityMail() throws Exception {
        TestTls.ensure();
        assertThat(new ProcessBuilder("sh", DEMO.resolve("build.sh").toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        Path std = dir.resolve("standards");
        TestFiles.copyTree(DEMO.resolve("build/standards"), std);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfgFile = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "instance: prod\nstandards: standards\ninventory: "
                        + DEMO.resolve("inventory.yaml") + "\nreports_dir: reports\nhmac_key_file: state/hmac.key\n"
                        + "store: {url: \"jdbc:h2:file:./state/driftwarden\"}\nsignoff: {allowed_signers: "
                        + DEMO.resolve("build/allowed_signers") + ", required: 2}\n"
                        + "email: {smtp: {host: localhost, port: " + port + ", security: smtps, ca_file: " + TestTls.CA
                        + "},"
                        + " from: driftwarden@example.com, to: [cab@example.com], policy: every-run, retry_after: 1s, timeout: 5s}\n");
        Config cfg = ConfigLoader.load(cfgFile);
        DriftwardenMetrics metrics = new DriftwardenMetrics("t", true);
        List<String> runs = new ArrayList<>();
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun run = new ScheduledRun(
                    cfg,
                    cfgFile,
                    false,
                    metrics,
                    io.driftwarden.store.JdbcStorage.forRuns(store),
                    io.driftwarden.store.JdbcStorage.evidence(store),
                    Clock.systemUTC());
            run.run();
            runs.add(run.latest().orElseThrow().runId());
            Path base = std.resolve("base.yaml");
            byte[] original = Files.readAllBytes(base);
            Files.writeString(base, "\n# slipped in without sign-off\n", java.nio.file.StandardOpenOption.APPEND);
            run.run();
            runs.add(run.latest().orElseThrow().runId());
            assertThat(run.latest().orElseThrow().standard().verified()).isFalse();
            Files.write(base, original);
            run.run();
            runs.add(run.latest().orElseThrow().runId());
            assertThat(runs).doesNotHaveDuplicates();
            assertThat(store.tx(Outbox::pendingCount))
                    .as("newest report + security mail")
                    .isEqualTo(2);
            assertThat(metrics.scrape()).contains("driftwarden_email_outbox_pending 2.0");

            GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
            smtp.start();
            try {
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(300))
                        .until(() -> {
                            run.drainOutbox();
                            return smtp.getReceivedMessages().length >= 2;
                        });
                MimeMessage[] got = smtp.getReceivedMessages();
                assertThat(got).hasSize(2);
                MimeMessage report = Arrays.stream(got)
                        .filter(m -> id(m).startsWith("<2"))
                        .findFirst()
                        .orElseThrow();
                MimeMessage security = Arrays.stream(got)
                        .filter(m -> id(m).startsWith("<security-"))
                        .findFirst()
                        .orElseThrow();
                assertThat(id(report)).isEqualTo("<" + runs.get(2) + ".prod@driftwarden>");
                String text = (String)
                        ((MimeMultipart) report.getContent()).getBodyPart(0).getContent();
                assertThat(text).contains(runs.get(0)).contains(runs.get(1)).contains(runs.get(2));
                assertThat(security.getSubject()).startsWith("[driftwarden prod] SECURITY: standard not verified");
                assertThat(store.tx(Outbox::pendingCount)).isZero();
                run.run(); // the security mail is per refused digest; the bundle is fine again: nothing more
                // the run only queues; the daemon's outbox thread sends (here: the test drains)
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    run.drainOutbox();
                    return smtp.getReceivedMessages().length == 3;
                });
                assertThat(Arrays.stream(smtp.getReceivedMessages()).filter(m -> id(m).startsWith("<security-")))
                        .hasSize(1);
            } finally {
                smtp.stop();
            }
        }
        for (String r : runs) {
            assertThat(dir.resolve("reports/" + r + ".json"))
                    .as("every run's report is kept")
                    .exists();
        }
    }

    private static String id(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
