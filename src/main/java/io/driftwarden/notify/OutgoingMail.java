package io.driftwarden.notify;

import java.util.List;

/**
 * A mail as the outbox keeps it: its stable Message-ID, what kind it is ({@code report} mails may be coalesced,
 * {@code security} mails never), the run it reports, and its parts. {@code supersedes} lists the runs whose
 * pending report this one replaced.
 */
public record OutgoingMail(long id, String messageId, String kind, String runId, String subject, String text, String html,
                           List<String> supersedes) {
    public static final String REPORT = "report";
    public static final String SECURITY = "security";

    public OutgoingMail {
        supersedes = List.copyOf(supersedes);
    }
}
