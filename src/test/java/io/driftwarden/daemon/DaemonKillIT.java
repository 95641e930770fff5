package io.driftwarden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.driftwarden.notify.TestTls;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon is killed (SIGKILL) while its report mail hangs on an SMTP server that never answers: the mail is in
 * the outbox, so the restarted daemon sends it to the real server with the same Message-ID.
 */
class DaemonKillIT {
    static final Path DEMO = Path.of("test-fixtures/demo");

    @TempDir
    Path dir;

    @Test
    void killedBetweenOutboxWriteAndSendItIsSentAfterRestartWithTheSameMessageId() throws Exception {
        TestTls.ensure();
        assertThat(new ProcessBuilder("sh", DEMO.resolve("build.sh").toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        List<Socket> held = new ArrayList<>();
        ServerSocket blackhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int smtpPort = blackhole.getLocalPort();
        Thread acceptor = new Thread(() -> {
            while (!blackhole.isClosed()) {
                try {
                    held.add(blackhole.accept()); // accepted, never answered
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        int port = DaemonIT.freePort();
        Path cfg = dir.resolve("driftwarden.yaml");
        Files.writeString(
                cfg,
                "instance: it\nstandards: " + DEMO.resolve("build/standards").toAbsolutePath() + "\ninventory: "
                        + DEMO.resolve("inventory.yaml").toAbsolutePath() + "\nreports_dir: reports\n"
                        + "store: {url: \"jdbc:h2:file:./state/driftwarden\"}\nhmac_key_file: state/hmac.key\n"
                        + "signoff: {allowed_signers: "
                        + DEMO.resolve("build/allowed_signers").toAbsolutePath() + ", required: 2}\n"
                        + "schedule: {cron: \"0 0 0 1 1 ? 2099\"}\nhttp: {listen: \"127.0.0.1:" + port + "\"}\n"
                        + "email: {smtp: {host: localhost, port: " + smtpPort + ", security: smtps, ca_file: "
                        + TestTls.CA + "},"
                        + " from: driftwarden@example.com, to: [cab@example.com], policy: every-run, retry_after: 1s, timeout: 120s}\n");
        String url = "jdbc:h2:file:" + dir.resolve("state/driftwarden").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        String messageId;
        try (DaemonProcess d = DaemonProcess.start(cfg, port, dir.resolve("daemon1.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !held.isEmpty()); // the send is under way, and hangs
            messageId = pendingMessageId(url);
            assertThat(messageId).matches("<[0-9TZ]+-[0-9a-f]{4}\\.it@driftwarden>");
            d.process.destroyForcibly(); // SIGKILL: no shutdown hook, no lease release
            assertThat(d.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        blackhole.close();
        for (Socket s : held) {
            s.close();
        }
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        smtp.start();
        try (DaemonProcess d = DaemonProcess.start(cfg, port, dir.resolve("daemon2.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= 1);
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(smtp.getReceivedMessages()[0].getMessageID()).isEqualTo(messageId);
            assertThat(d.terminate(10)).isIn(0, 143);
        } finally {
            smtp.stop();
        }
    }

    private static String pendingMessageId(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT message_id FROM outbox WHERE sent_at IS NULL")) {
            assertThat(rs.next())
                    .as("the report mail is in the outbox before any attempt to send it")
                    .isTrue();
            return rs.getString(1);
        }
    }
}
