package io.driftwarden.run;

import io.driftwarden.admission.Admitted;
import io.driftwarden.approval.ApprovalChanges;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.RunReport;
import io.driftwarden.config.Config;
import io.driftwarden.history.RunHistory;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.notify.MailPolicy;
import io.driftwarden.notify.MaintenanceHold;
import io.driftwarden.notify.OutgoingMail;
import io.driftwarden.notify.ReportMails;
import io.driftwarden.notify.Routing;
import io.driftwarden.notify.mail.SmtpMailer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a run's mails in the outbox (the report per policy, the security mail once per refused bundle), and drains
 * the outbox on the caller's thread (the daemon's outbox thread, or the CLI after its run): each due mail is sent,
 * within {@code email.send_deadline}, or kept with an exponential backoff from {@code email.retry_after} to 1 h.
 */
final class RunMailer {
    private static final Logger LOG = LoggerFactory.getLogger(RunMailer.class);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private final Config cfg;
    private final RunJournal journal;
    private final MailQueue queue;
    private final Clock clock;
    private final DriftwardenMetrics metrics;
    private final SmtpMailer smtp;

    RunMailer(Config cfg, RunStorage storage, Clock clock, DriftwardenMetrics metrics) {
        this.cfg = cfg;
        this.journal = storage.journal();
        this.queue = storage.mail();
        this.clock = clock;
        this.metrics = metrics;
        this.smtp = cfg.email() == null ? null : new SmtpMailer(cfg.email());
        if (smtp != null && metrics != null) {
            metrics.mailSender(smtp::sendingFor, smtp::deadlinesExceeded);
        }
    }

    /**
     * Only queues, never sends: a run must not wait on a relay. Queues the run's report when the policy calls for it,
     * to {@code email.to} and the matching routes, unless a maintenance window holds it ({@link MaintenanceHold}).
     * Then the digest, when one is due.
     */
    void afterRun(RunReport report, RunHistory.Step step, Instant previousRun) {
        AuditResult r = report.result();
        if (smtp == null) {
            return;
        }
        boolean wanted = MailPolicy.shouldReport(cfg.email().policy(), r, step);
        MaintenanceHold.Verdict v =
                MaintenanceHold.decide(cfg.maintenance(), r.startedAt(), previousRun, step.next(), wanted);
        switch (v.decision()) {
            case HOLD ->
                LOG.info(
                        "run {}: inside maintenance window {}: no report now (the first run after it reports what"
                                + " the window left behind)",
                        r.runId(),
                        v.window().name());
            case SEND -> {
                if (v.window() != null) {
                    LOG.info(
                            "run {}: maintenance window {} left unapproved drift behind: reporting it",
                            r.runId(),
                            v.window().name());
                }
                enqueue(ReportMails.report(
                                report, cfg.email().maxBytes(), cfg.reports().reportBaseUrl())
                        .withRecipients(Routing.recipients(
                                cfg.email().routes(),
                                r,
                                MailPolicy.notable(cfg.email().policy(), step))));
            }
            case SKIP -> {}
        }
        digestIfDue(report);
    }

    /** The board's digest, once per occurrence of {@code email.digest.cron}, covering everything since the last one. */
    void digestIfDue(RunReport latest) {
        Config.Digest digest = cfg.email() == null ? null : cfg.email().digest();
        if (digest == null) {
            return;
        }
        Instant now = clock.instant();
        try {
            // the first digest covers everything since the first run
            Instant last = queue.lastQueued(OutgoingMail.DIGEST)
                    .or(() -> journal.firstRun().map(t -> t.minusMillis(1)))
                    .orElse(now);
            Optional<Instant> due = digest.at().nextAfter(last);
            if (due.isPresent() && !due.get().isAfter(now)) {
                var episodes = journal.touchedSince(last);
                enqueue(DigestMail.of(cfg.instance(), last, now, episodes, digest.to(), latest));
            }
        } catch (IllegalStateException e) { // the store: the next run tries again
            LOG.error("digest: {}", e.getMessage());
        }
    }

    void securityRefusal(Admitted admitted) {
        if (smtp == null || admitted.refusedDigest() == null) {
            return;
        }
        String used = admitted.info().serial() + " " + admitted.info().revision();
        enqueue(ReportMails.security(cfg.instance(), admitted.refusedDigest(), admitted.refusal(), used)
                .withRecipients(cfg.email().reviewers()));
    }

    /** Every change of what is approved this run, in one mail to the board and the reviewers. */
    void approvalChanges(String runId, List<ApprovalChanges.Change> changes) {
        if (smtp == null || changes.isEmpty()) {
            return;
        }
        enqueue(ReportMails.approvalChanges(cfg.instance(), runId, changes)
                .withRecipients(cfg.email().reviewers()));
    }

    /**
     * The follow-through's escalations and reminders: one mail per level, to {@code email.to} and the level's own
     * recipients.
     */
    void escalations(String runId, io.driftwarden.followup.FollowUpStep.Step followUp) {
        if (smtp == null || followUp == null || followUp.escalations().isEmpty()) {
            return;
        }
        io.driftwarden.notify.EscalationMails.of(
                        cfg.instance(),
                        runId,
                        clock.instant(),
                        followUp.escalations(),
                        cfg.approvals().deadlines().levels())
                .forEach(this::enqueue);
    }

    /** One mail per failing approvals source, reason and message (the outbox keeps one per Message-ID). */
    void approvalsSourceErrors(Admitted admitted) {
        if (smtp == null) {
            return;
        }
        for (var s : admitted.approvals().failedSources()) {
            String used = String.join("; ", s.notes());
            enqueue(ReportMails.approvalsSource(
                    cfg.instance(), s.name(), s.failure().reason(), s.error(), used));
        }
    }

    private void enqueue(OutgoingMail m) {
        try {
            long pending = queue.enqueue(m, clock.instant());
            if (pending >= 0) {
                LOG.info("mail {} queued: {}", m.messageId(), m.subject());
                showPending(pending); // what waits, from the moment it waits
            }
        } catch (IllegalStateException e) {
            LOG.error("mail {} could not be queued: {}", m.messageId(), e.getMessage());
        }
    }

    /** Sends every due mail once; safe to call at any time (one drain at a time). */
    synchronized void drain() {
        if (smtp == null) {
            return;
        }
        try {
            List<OutgoingMail> due = queue.due(clock.instant());
            for (OutgoingMail m : due) {
                try {
                    smtp.send(m, clock.instant());
                    queue.sent(m.id(), clock.instant());
                    LOG.info(
                            "mail {} sent{}",
                            m.messageId(),
                            m.supersedes().isEmpty() ? "" : ", superseding runs " + m.supersedes());
                } catch (SmtpMailer.MailFailure e) {
                    retryLater(m, e.getMessage());
                    LOG.warn("mail {} not sent, kept in the outbox: {}", m.messageId(), e.getMessage());
                    if (e.cutOff()) {
                        break; // a stalling relay would cost every other due mail a whole deadline too
                    }
                } catch (RuntimeException | Error e) {
                    // a bug or an exhausted JVM on one mail must neither end the outbox thread nor block the mails
                    // behind it: that mail backs off like a refused one, and the log says why
                    LOG.error("mail {} not sent, kept in the outbox: {}", m.messageId(), e.toString(), e);
                    retryLater(m, e.toString());
                }
            }
            showPending(queue.pending());
        } catch (RuntimeException e) { // the store's failures among them: the next drain tries again
            LOG.error("outbox: {}", e.getMessage());
        }
    }

    private void showPending(long pending) {
        if (metrics != null) {
            metrics.outboxPending((int) pending);
        }
    }

    private void retryLater(OutgoingMail m, String why) {
        queue.failed(m.id(), why, attempts -> clock.instant().plus(backoff(attempts)));
    }

    private Duration backoff(int attempts) {
        Duration d = cfg.email().retryAfter().multipliedBy(1L << Math.min(attempts, 16));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
