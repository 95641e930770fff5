package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.daemon.ScheduledRun;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.notify.TestTls;
import io.driftwarden.store.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The demo's web-3 has a hotfixed sudoers.d file (sensitive by default). After daemon runs with mail delivered,
 * its content appears nowhere: not in the store's files, the reports, the mail, or the log.
 */
class SensitiveDataIT {
    static final Path DEMO = Path.of("test-fixtures/demo").toAbsolutePath();
    static final String SECRET = "NOPASSWD";

    @TempDir
    Path dir;

    @Test
    void aChangedSensitiveFileLeavesNoTrace() throws Exception {
        TestTls.ensure();
        assertThat(new ProcessBuilder("sh", DEMO.resolve("build.sh").toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        assertThat(Files.readString(DEMO.resolve("build/roots/web-3/etc/sudoers.d/ops")))
                .as("the demo's hotfix")
                .contains(SECRET);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfgFile = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "instance: prod\nstandards: " + DEMO.resolve("build/standards")
                        + "\ninventory: " + DEMO.resolve("inventory.yaml")
                        + "\nreports_dir: reports\nhmac_key_file: state/hmac.key\n"
                        + "store: {url: \"jdbc:h2:file:./state/driftwarden\"}\nsignoff: {allowed_signers: "
                        + DEMO.resolve("build/allowed_signers") + ", required: 2}\n"
                        + "email: {smtp: {host: localhost, port: " + port + ", security: smtps, ca_file: " + TestTls.CA
                        + "},"
                        + " from: driftwarden@example.com, to: [cab@example.com], policy: every-run, retry_after: 1s}\n");
        Config cfg = ConfigLoader.load(cfgFile);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        ch.qos.logback.classic.Level level = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.INFO); // what the daemon logs in production
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        smtp.start();
        StringBuilder mail = new StringBuilder();
        try (Store store = Store.open(cfg.store().url())) {
            ScheduledRun run = new ScheduledRun(
                    cfg,
                    cfgFile,
                    false,
                    new DriftwardenMetrics("t", true),
                    io.driftwarden.store.JdbcStorage.forRuns(store),
                    io.driftwarden.store.JdbcStorage.evidence(store),
                    Clock.systemUTC());
            for (int i = 1; i <= 2; i++) { // each run's report sent before the next (the outbox thread's drain)
                run.run();
                int want = i;
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    run.drainOutbox();
                    return smtp.getReceivedMessages().length >= want;
                });
            }
            String json = run.latestJson().orElseThrow();
            assertThat(json)
                    .as("the drift is reported, as an hmac")
                    .contains("file:/etc/sudoers.d/ops")
                    .contains("hmac:");
            for (MimeMessage m : smtp.getReceivedMessages()) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                m.writeTo(raw);
                mail.append(raw.toString(StandardCharsets.UTF_8));
            }
        } finally {
            smtp.stop();
            root.detachAppender(log);
            root.setLevel(level);
        }
        assertThat(mail).contains("sudoers.d/ops").doesNotContain(SECRET);
        assertThat(log.list).isNotEmpty();
        log.list.forEach(e -> assertThat(e.getFormattedMessage()).doesNotContain(SECRET));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(f.toString()).doesNotContain(SECRET);
            }
        }
        assertThat(dir.resolve("state/driftwarden.mv.db")).exists();
    }
}
