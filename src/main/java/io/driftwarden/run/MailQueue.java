package io.driftwarden.run;

import io.driftwarden.notify.OutgoingMail;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The port to the mail outbox: a mail is queued before any attempt to send it and stays until sent, so delivery is at
 * least once with a stable Message-ID. Pending report mails coalesce into the newest, which lists the runs it
 * supersedes; security mails are never coalesced away. Implemented over JDBC in the store.
 */
public interface MailQueue {
    /**
     * Queues a mail unless one with its Message-ID is there already; returns how many mails wait then ({@link
     * #pending()}), or -1 when it was there. One transaction.
     */
    long enqueue(OutgoingMail mail, Instant now);

    /** Coalesces pending reports into the newest, then returns what is due: security mails, digests, that report. */
    List<OutgoingMail> due(Instant now);

    void sent(long id, Instant now);

    /**
     * A failed attempt: counted, with its error, and the mail kept until {@code nextAttempt} of the attempts made
     * before this one. One transaction.
     */
    void failed(long id, String error, java.util.function.IntFunction<Instant> nextAttempt);

    /** The attempts made for a mail so far. */
    int attempts(long id);

    /** What waits: every unsent security mail and digest, and one report however many are queued. */
    long pending();

    /** When the newest mail of {@code kind} was queued, if any. */
    Optional<Instant> lastQueued(String kind);
}
