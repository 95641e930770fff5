package io.driftwarden.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.driftwarden.config.Config;
import io.driftwarden.notify.mail.SmtpMailer;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real SMTP delivery into GreenMail: SMTPS with the server identity checked, STARTTLS required, authentication. */
class MailDeliveryIT {
    @TempDir
    Path dir;

    GreenMail smtps;
    GreenMail plain;

    @BeforeAll
    static void tls() throws Exception {
        TestTls.ensure();
    }

    @AfterEach
    void stop() {
        if (smtps != null) {
            smtps.stop();
        }
        if (plain != null) {
            plain.stop();
        }
    }

    Config.Email email(String host, int port, String security, String user) throws Exception {
        Path pw = Files.writeString(dir.resolve("smtp-password"), "s3cret\n");
        return new Config.Email(
                host,
                port,
                security,
                user,
                user == null ? null : pw,
                TestTls.CA,
                "driftwarden@example.com",
                List.of("cab@example.com", "ops@example.com"),
                io.driftwarden.config.MailPolicyName.CHANGES,
                2L << 20,
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                List.of(),
                null);
    }

    static OutgoingMail mail() {
        return new OutgoingMail(
                1,
                "<20261123T140000Z-7f3a.prod@driftwarden>",
                OutgoingMail.REPORT,
                "20261123T140000Z-7f3a",
                "[driftwarden prod] 3 unapproved drifts on 2 hosts",
                "text body é\n",
                "<!DOCTYPE html><html><body><h1>report é</h1></body></html>",
                List.of("20261123T120000Z-0001"));
    }

    GreenMail startSmtps() {
        smtps = new GreenMail(new ServerSetup(0, null, ServerSetup.PROTOCOL_SMTPS).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("drift", "s3cret"));
        smtps.start();
        return smtps;
    }

    @Test
    void smtpsDeliversMultipartAlternativeWithTheStableMessageId() throws Exception {
        int port = startSmtps().getSmtps().getPort();
        new SmtpMailer(email("localhost", port, "smtps", "drift")).send(mail(), Instant.parse("2026-11-23T14:00:05Z"));
        MimeMessage[] got = smtps.getReceivedMessages();
        assertThat(got).hasSize(2); // one per recipient
        MimeMessage m = got[0];
        assertThat(m.getMessageID()).isEqualTo("<20261123T140000Z-7f3a.prod@driftwarden>");
        assertThat(m.getSubject()).isEqualTo("[driftwarden prod] 3 unapproved drifts on 2 hosts");
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).contains("text/plain").contains("UTF-8");
        assertThat((String) parts.getBodyPart(0).getContent())
                .contains("supersedes the unsent reports of runs 20261123T120000Z-0001")
                .contains("text body é");
        assertThat(parts.getBodyPart(1).getContentType()).contains("text/html");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("<h1>report é</h1>");
    }

    @Test
    void smtpsRefusesAServerWhoseCertificateDoesNotNameIt() throws Exception {
        int port = startSmtps().getSmtps().getPort();
        assertThatThrownBy(() -> new SmtpMailer(email("127.0.0.2", port, "smtps", "drift")).send(mail(), Instant.now()))
                .isInstanceOf(SmtpMailer.MailFailure.class)
                .hasMessageStartingWith("127.0.0.2:" + port + ": ");
        assertThat(smtps.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsIsUsedAndRequired() throws Exception {
        plain = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("drift", "s3cret"));
        plain.start();
        int backend = plain.getSmtp().getPort();
        assertThatThrownBy(() ->
                        new SmtpMailer(email("localhost", backend, "starttls", "drift")).send(mail(), Instant.now()))
                .as("a server without STARTTLS gets nothing in clear")
                .isInstanceOf(SmtpMailer.MailFailure.class);
        assertThat(plain.getReceivedMessages()).isEmpty();
        try (StartTlsFront front = new StartTlsFront(backend)) {
            new SmtpMailer(email("localhost", front.port(), "starttls", "drift")).send(mail(), Instant.now());
            assertThat(front.sawTls()).isTrue();
        }
        assertThat(plain.getReceivedMessages()).hasSize(2);
        assertThat(plain.getReceivedMessages()[0].getMessageID()).isEqualTo("<20261123T140000Z-7f3a.prod@driftwarden>");
    }

    @Test
    void aPlainLoopbackRelayReceivesTheMailMarkedAutoSubmitted() throws Exception {
        plain = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        plain.start();
        int port = plain.getSmtp().getPort();
        new SmtpMailer(email("127.0.0.1", port, "none", null)).send(mail(), Instant.now());
        MimeMessage[] got = plain.getReceivedMessages();
        assertThat(got).hasSize(2);
        assertThat(got[0].getMessageID()).isEqualTo("<20261123T140000Z-7f3a.prod@driftwarden>");
        assertThat(got[0].getHeader("Auto-Submitted")).containsExactly("auto-generated");
    }

    @Test
    void mailInClearIsNotSentWhereTheNameDoesNotResolveToLoopback() throws Exception {
        // the loader refuses such a host; this is the mailer's own check, for a name whose resolution changed since
        assertThatThrownBy(() -> new SmtpMailer(email("203.0.113.7", 25, "none", null)).send(mail(), Instant.now()))
                .isInstanceOf(SmtpMailer.MailFailure.class)
                .hasMessage("203.0.113.7:25: email.smtp.security none: the host resolves to 203.0.113.7, not a loopback"
                        + " address; nothing sent in clear");
    }

    @Test
    void aWrongPasswordIsAFailureNamingTheServer() throws Exception {
        int port = startSmtps().getSmtps().getPort();
        Config.Email e = email("localhost", port, "smtps", "drift");
        Files.writeString(e.passwordFile(), "wrong\n");
        assertThatThrownBy(() -> new SmtpMailer(e).send(mail(), Instant.now()))
                .isInstanceOf(SmtpMailer.MailFailure.class)
                .hasMessageStartingWith("localhost:" + port + ": ")
                .hasMessageNotContaining("wrong");
        assertThat(smtps.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatIsDownIsAFailureNotAHang() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> new SmtpMailer(email("localhost", port, "smtps", null)).send(mail(), Instant.now()))
                .isInstanceOf(SmtpMailer.MailFailure.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    /** Each mode of a relay that accepts and then trickles: the send fails at email.send_deadline, not never. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(names = {"PLAIN", "SMTPS", "STARTTLS"})
    void aRelayThatTricklesIsCutOffAtTheSendDeadline(TricklingRelay.Mode mode) throws Exception {
        try (TricklingRelay relay = new TricklingRelay(mode, 200)) {
            String security = mode == TricklingRelay.Mode.SMTPS ? "smtps" : "starttls";
            Config.Email base = email("localhost", relay.port(), security, null);
            Config.Email cfg = new Config.Email(
                    base.host(),
                    base.port(),
                    base.security(),
                    null,
                    null,
                    base.caFile(),
                    base.from(),
                    base.to(),
                    base.policy(),
                    base.maxBytes(),
                    Duration.ofSeconds(2),
                    base.retryAfter(),
                    Duration.ofSeconds(3),
                    List.of(),
                    null);
            SmtpMailer mailer = new SmtpMailer(cfg);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> mailer.send(mail(), Instant.now()))
                    .isInstanceOf(SmtpMailer.MailFailure.class)
                    .hasMessageContaining("localhost:" + relay.port())
                    .hasMessageContaining("email.send_deadline");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isBetween(Duration.ofMillis(2_900), Duration.ofSeconds(8));
            assertThat(relay.connections()).isEqualTo(1);
            assertThat(mailer.deadlinesExceeded()).isEqualTo(1);
            assertThat(mailer.sendingFor()).isZero();
        }
    }
}
