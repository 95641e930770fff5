package io.driftwarden.notify.mail;

import io.driftwarden.config.Config;
import io.driftwarden.notify.OutgoingMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one outbox mail over SMTP with Jakarta Mail (Angus): STARTTLS required or SMTPS, the server's identity
 * checked against its certificate, every timeout set; in clear only to a loopback relay. The only class that imports Jakarta Mail.
 *
 * <p>Angus's timeouts bound each read and write, not a whole message: a relay that trickles a byte every few seconds
 * would hold the sender for ever. So every send also has a total deadline ({@code email.send_deadline}), kept by a
 * watchdog that closes the message's sockets underneath Angus ({@link WatchedSockets}); the blocked read then fails
 * and the mail stays in the outbox for a later try.
 */
public final class SmtpMailer {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mail-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final Config.Email cfg;
    /** When the send in progress started ({@code System.nanoTime()}), or 0 while idle. */
    private final AtomicLong sendingSince = new AtomicLong();

    private final AtomicLong deadlinesExceeded = new AtomicLong();

    public SmtpMailer(Config.Email cfg) {
        this.cfg = cfg;
    }

    /** How long the send in progress has taken so far; zero while no mail is being sent. */
    public Duration sendingFor() {
        long since = sendingSince.get();
        return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    /** How many sends the watchdog has cut off at {@code email.send_deadline} since start. */
    public long deadlinesExceeded() {
        return deadlinesExceeded.get();
    }

    /** Sends it; a failure (server down, TLS refused, authentication) is an exception with a one-line message. */
    public void send(OutgoingMail m, Instant date) throws MailFailure {
        WatchedSockets sockets;
        try {
            sockets = new WatchedSockets(
                    cfg.caFile() == null ? (SSLSocketFactory) SSLSocketFactory.getDefault() : trusting(cfg.caFile()));
        } catch (IOException | GeneralSecurityException | io.driftwarden.yaml.LoadException e) {
            throw new MailFailure(cfg.host() + ":" + cfg.port() + ": email.smtp.ca_file: " + oneLine(e));
        }
        AtomicBoolean cutOff = new AtomicBoolean();
        sendingSince.set(Math.max(1, System.nanoTime()));
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(
                () -> {
                    cutOff.set(true);
                    deadlinesExceeded.incrementAndGet();
                    LOG.warn(
                            "mail {}: {}:{} still sending after {} s (email.send_deadline): closing the connection",
                            m.messageId(),
                            cfg.host(),
                            cfg.port(),
                            cfg.sendDeadline().toSeconds());
                    sockets.closeAll();
                },
                cfg.sendDeadline().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            compose(m, date, sockets);
        } catch (MailFailure e) {
            if (cutOff.get()) {
                throw new MailFailure(
                        cfg.host() + ":" + cfg.port() + ": not sent within email.send_deadline ("
                                + cfg.sendDeadline().toSeconds()
                                + " s): the relay accepted but did not finish; connection closed",
                        true);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
            sockets.closeAll();
            sendingSince.set(0);
        }
    }

    private void compose(OutgoingMail m, Instant date, WatchedSockets sockets) throws MailFailure {
        try {
            Session session = Session.getInstance(properties(sockets));
            MimeMessage msg = new FixedIdMessage(session, m.messageId());
            msg.setFrom(new InternetAddress(cfg.from(), true));
            // A digest goes to its own list; a report to email.to plus the addresses its routes added.
            java.util.Set<String> to =
                    new java.util.LinkedHashSet<>(m.kind().equals(OutgoingMail.DIGEST) ? List.of() : cfg.to());
            to.addAll(m.recipients());
            for (String t : to) {
                msg.addRecipient(Message.RecipientType.TO, new InternetAddress(t, true));
            }
            msg.setSubject(m.subject(), "UTF-8");
            // RFC 3834: machine-generated, so vacation responders and ticket systems do not answer it
            msg.setHeader("Auto-Submitted", "auto-generated");
            msg.setHeader("X-Auto-Response-Suppress", "All");
            msg.setSentDate(Date.from(date));
            String supersedes = m.supersedes().isEmpty()
                    ? ""
                    : "This report supersedes the unsent reports of runs " + String.join(", ", m.supersedes())
                            + ".\n\n";
            MimeMultipart alt = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(supersedes + m.text(), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(
                    supersedes.isEmpty()
                            ? m.html()
                            : m.html()
                                    .replaceFirst(
                                            "<body>",
                                            java.util.regex.Matcher.quoteReplacement(
                                                    "<body><p>" + supersedes.strip() + "</p>")),
                    "UTF-8",
                    "html");
            alt.addBodyPart(text);
            alt.addBodyPart(html);
            msg.setContent(alt);
            msg.saveChanges();
            String protocol = cfg.security().equals("smtps") ? "smtps" : "smtp";
            if (cfg.security().equals("none")) {
                requireLoopback();
            }
            try (Transport t = session.getTransport(protocol)) {
                t.connect(cfg.host(), cfg.port(), cfg.username(), password());
                t.sendMessage(msg, msg.getAllRecipients());
            }
        } catch (MessagingException | IOException | io.driftwarden.yaml.LoadException e) {
            throw new MailFailure(cfg.host() + ":" + cfg.port() + ": " + oneLine(e));
        }
    }

    /** Mail in clear goes only where the host name resolves to loopback addresses and nothing else. */
    private void requireLoopback() throws MailFailure {
        try {
            for (java.net.InetAddress a : java.net.InetAddress.getAllByName(cfg.host())) {
                if (!a.isLoopbackAddress()) {
                    throw new MailFailure(
                            cfg.host() + ":" + cfg.port() + ": email.smtp.security none: the host resolves to "
                                    + a.getHostAddress() + ", not a loopback address; nothing sent in clear");
                }
            }
        } catch (java.net.UnknownHostException e) {
            throw new MailFailure(cfg.host() + ":" + cfg.port() + ": " + oneLine(e));
        }
    }

    private Properties properties(WatchedSockets sockets) {
        String p = cfg.security().equals("smtps") ? "mail.smtps." : "mail.smtp.";
        String ms = Long.toString(cfg.timeout().toMillis());
        Properties props = new Properties();
        props.put(p + "host", cfg.host());
        props.put(p + "port", Integer.toString(cfg.port()));
        props.put(p + "connectiontimeout", ms);
        props.put(p + "timeout", ms);
        props.put(p + "writetimeout", ms);
        props.put(p + "auth", Boolean.toString(cfg.username() != null));
        props.put(p + "ssl.checkserveridentity", "true");
        switch (cfg.security()) {
            case "starttls" -> {
                props.put(p + "starttls.enable", "true");
                props.put(p + "starttls.required", "true");
            }
            case "smtps" -> props.put(p + "ssl.enable", "true");
            // a loopback relay (checked at load and again before connecting): a local MTA's STARTTLS certificate is
            // usually a self-signed snakeoil one, so it is not attempted
            default -> props.put(p + "starttls.enable", "false");
        }
        // objects, not class names: Angus takes a SocketFactory instance under these keys (put, not setProperty)
        props.put(p + "socketFactory", sockets.plain());
        props.put(p + "ssl.socketFactory", sockets);
        return props;
    }

    /** A socket factory that trusts exactly the CA certificates in {@code file} (PEM), for a private mail relay. */
    private static SSLSocketFactory trusting(java.nio.file.Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in =
                new java.io.ByteArrayInputStream(io.driftwarden.yaml.InputFile.read(file, "email.smtp.ca_file"))) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    private String password() throws IOException {
        return cfg.passwordFile() == null
                ? null
                : new String(
                                io.driftwarden.yaml.InputFile.read(cfg.passwordFile(), "email.smtp.password_file"),
                                StandardCharsets.UTF_8)
                        .strip();
    }

    private static String oneLine(Exception e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            s.append(": ").append(c.getMessage());
        }
        return s.toString().replaceAll("\\s+", " ").strip();
    }

    /** Jakarta Mail would invent a new Message-ID on every save; ours is stable, so a resent mail is the same mail. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session s, String id) {
            super(s);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }

    /** A mail that could not be sent this time; the outbox keeps it and tries again later. */
    public static final class MailFailure extends Exception {
        private final boolean cutOff;

        public MailFailure(String message) {
            this(message, false);
        }

        MailFailure(String message, boolean cutOff) {
            super(message);
            this.cutOff = cutOff;
        }

        /** True when the watchdog ended it at email.send_deadline: the relay is stalling, not refusing. */
        public boolean cutOff() {
            return cutOff;
        }
    }
}
