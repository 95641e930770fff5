package io.driftwarden.notify;

import java.util.List;

/**
 * A mail as the outbox keeps it: its stable Message-ID, what kind it is ({@code report} mails may be coalesced,
 * {@code security} mails never), the run it reports, and its parts. {@code supersedes} lists the runs whose
 * pending report this one replaced. {@code recipients} adds routed addresses to {@code email.to} ({@code digest}
 * mails go to exactly their own).
 */
public record OutgoingMail(
        long id,
        String messageId,
        String kind,
        String runId,
        String subject,
        String text,
        String html,
        List<String> supersedes,
        List<String> recipients) {
    public static final String REPORT = "report";
    public static final String SECURITY = "security";
    public static final String DIGEST = "digest";

    public OutgoingMail {
        supersedes = List.copyOf(supersedes);
        recipients = List.copyOf(recipients);
    }

    public OutgoingMail(
            long id,
            String messageId,
            String kind,
            String runId,
            String subject,
            String text,
            String html,
            List<String> supersedes) {
        this(id, messageId, kind, runId, subject, text, html, supersedes, List.of());
    }

    public OutgoingMail withRecipients(List<String> to) {
        return new OutgoingMail(id, messageId, kind, runId, subject, text, html, supersedes, to);
    }
}
