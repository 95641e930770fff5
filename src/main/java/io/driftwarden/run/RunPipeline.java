package io.driftwarden.run;

import io.driftwarden.admission.Admitted;
import io.driftwarden.admission.BundleAdmission;
import io.driftwarden.approval.ApprovalChanges;
import io.driftwarden.approval.RecordVerdict;
import io.driftwarden.approval.TicketLink;
import io.driftwarden.audit.ApprovalSummary;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.Findings;
import io.driftwarden.audit.HostResult;
import io.driftwarden.audit.RevertNote;
import io.driftwarden.audit.RunReport;
import io.driftwarden.config.Config;
import io.driftwarden.followup.FollowUpStep;
import io.driftwarden.history.RunHistory;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.metrics.RunOutcome;
import io.driftwarden.run.ObserveStep.Observed;
import io.driftwarden.yaml.LoadException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run, in the steps every kind of run takes: admit the bundle → load the inventory → observe and judge the hosts →
 * the history step → record it → enrich (possible actors) → assemble the report once → publish it (report files,
 * the outbox, the sinks such as metrics). The recipes below ({@link #audit}, {@link #preview}, {@link #scheduled}) are
 * those steps in order, each leaving out what it must not do; the steps themselves live in one class each.
 */
public final class RunPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(RunPipeline.class);
    private final Config cfg;
    private final Path configFile;
    private final boolean unsigned;
    private final RunStorage storage;
    private final RunJournal journal;
    private final Clock clock;
    private final RunMailer mailer;
    private final RunWebhooks webhooks;
    private final List<RunSink> sinks = new ArrayList<>();
    /** Asks whoever sends mail to send now (the daemon's outbox thread); a run itself only queues. */
    private volatile Runnable mailQueued = () -> {};

    /**
     * @param unsigned {@code --insecure-unsigned}: admit an unsigned bundle, and say so everywhere
     * @param metrics  where the outbox shows what waits (the daemon's), or null
     */
    public RunPipeline(
            Config cfg,
            Path configFile,
            boolean unsigned,
            RunStorage storage,
            Clock clock,
            DriftwardenMetrics metrics) {
        this.cfg = cfg;
        this.configFile = configFile;
        this.unsigned = unsigned;
        this.storage = storage;
        this.journal = storage.journal();
        this.clock = clock;
        this.mailer = new RunMailer(cfg, storage, clock, metrics);
        this.webhooks = new RunWebhooks(cfg, storage.webhooks(), storage.mail(), clock, metrics);
    }

    /** The configured webhook endpoints, by name (the daemon gives each a thread of its own). */
    public List<String> webhookEndpoints() {
        return webhooks.endpoints();
    }

    /** Sends what the webhook outbox holds for one endpoint and is due, within {@code budget}. */
    public void drainWebhooks(String endpoint, java.time.Duration budget) {
        webhooks.drain(endpoint, budget);
    }

    /** Adds a sink every published run reaches after its files and mail (the daemon's metrics). */
    public RunPipeline publishingTo(RunSink sink) {
        sinks.add(sink);
        return this;
    }

    /** What to call when a run has queued mail (the daemon hands its outbox thread a drain). */
    public void onMailQueued(Runnable wake) {
        this.mailQueued = wake;
    }

    /** A run that was judged and reported, how it ended, and the history it leaves behind. */
    public record Completed(
            RunReport report,
            RunOutcome outcome,
            RunHistory.Step step,
            Optional<Exception> unwritten,
            List<ApprovalChanges.Change> approvalChanges,
            FollowUpStep.Step followUp) {
        public Completed {
            approvalChanges = List.copyOf(approvalChanges);
        }

        public Completed(
                RunReport report,
                RunOutcome outcome,
                RunHistory.Step step,
                Optional<Exception> unwritten,
                List<ApprovalChanges.Change> approvalChanges) {
            this(report, outcome, step, unwritten, approvalChanges, null);
        }
    }

    /**
     * {@code audit}: admitted strictly (a refused bundle is an error), recorded, enriched, published; its mail is sent
     * before this returns. An unwritable report is recorded as a failed run and said in {@code unwritten}.
     */
    public Completed audit(HostSubset subset) {
        Inventory inventory = inventory(subset);
        Admitted admitted =
                BundleAdmission.open(cfg, configFile, unsigned, clock.instant(), storage.revisions(), inventory);
        Observed observed = ObserveStep.run(cfg, admitted, inventory, subset, null, clock, null, journal);
        RunOutcome outcome = RunOutcome.of(observed.findings());
        RunRecorder.Recorded recorded =
                RunRecorder.record(journal, cfg, admitted, observed.findings(), inventory, outcome);
        RunReport report =
                assemble(admitted, observed, recorded.step(), recorded.approvals(), recorded.reverts(), Shown.ACTORS);
        Completed done = publish(
                report,
                outcome,
                recorded.step(),
                recorded.previousRun(),
                recorded.approvalChanges(),
                recorded.followUp());
        mailer.drain(); // a one-off run sends before it exits, each mail within email.send_deadline
        for (Config.Webhook w : cfg.webhooks()) { // and tries each endpoint once; what is left waits for the daemon
            webhooks.drain(w.name(), w.timeout().plusSeconds(5));
        }
        return done;
    }

    /**
     * {@code audit --at}: classified at {@code at}, with the history step a real run would take from the stored
     * history under the configured episode rules, and nothing written, mailed or looked up on the hosts a second time.
     */
    public Completed preview(HostSubset subset, Instant at) {
        Inventory inventory = inventory(subset);
        Admitted admitted =
                BundleAdmission.open(cfg, configFile, unsigned, clock.instant(), storage.revisions(), inventory);
        Observed observed = ObserveStep.run(cfg, admitted, inventory, subset, at, clock, null, journal);
        RunHistory.Step step = RunRecorder.preview(journal, cfg, observed.findings(), inventory);
        RunReport report =
                assemble(admitted, observed, step, observed.findings().approvals(), List.of(), Shown.HISTORY);
        return new Completed(report, RunOutcome.of(observed.findings()), step, Optional.empty(), List.of());
    }

    /** What the daemon's run ended as: completed, or not run at all (why), or aborted by a stop. */
    public sealed interface Scheduled {
        record Done(Completed completed) implements Scheduled {}

        record NotRun(String why) implements Scheduled {}

        record Aborted() implements Scheduled {}
    }

    /**
     * The daemon's scheduled run: the current bundle or, refused, the last accepted revision (and the reviewers'
     * security mail); {@code schedule.run_deadline}; a store that cannot record the run costs the history, not the
     * report (the step then comes from {@code inMemory}). Never throws for an expected failure.
     *
     * @param onRecorded told the run's id once the store has it (a later failure then marks that run failed)
     */
    public Scheduled scheduled(
            RunHistory inMemory, BooleanSupplier aborting, java.util.function.Consumer<String> onRecorded) {
        Admitted admitted;
        Inventory inventory;
        Observed observed;
        try {
            inventory = Inventories.load(cfg);
            admitted = admitScheduled(inventory, true);
            observed = ObserveStep.run(
                    cfg,
                    admitted,
                    inventory,
                    HostSubset.ALL,
                    null,
                    clock,
                    cfg.schedule().runDeadline(),
                    journal);
        } catch (LoadException | IllegalStateException e) { // the store's failures among them
            if (aborting.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                return new Scheduled
                        .Aborted(); // an interrupted store or transport is not a run that "could not happen"
            }
            return new Scheduled.NotRun(
                    e instanceof LoadException l ? String.join("; ", l.problems()) : e.getMessage());
        }
        Findings found = observed.findings();
        if (aborting.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            LOG.warn("run {} aborted: nothing recorded but the outcome", found.runId());
            return new Scheduled.Aborted();
        }
        RunOutcome outcome = RunOutcome.of(found);
        RunRecorder.Recorded recorded;
        try {
            recorded = RunRecorder.record(journal, cfg, admitted, found, inventory, outcome);
        } catch (IllegalStateException e) {
            // the store could not record it; the result is not lost: its report is still written, as found (no
            // history fields, no second round trip), and the history catches up with the next run
            LOG.error("run {}: cannot record it in the store: {}", found.runId(), e.getMessage());
            RunHistory.Step step = RunRecorder.unrecorded(journal, inMemory, cfg, found, inventory, outcome);
            RunReport report = assemble(admitted, observed, step, found.approvals(), List.of(), Shown.AS_FOUND);
            return new Scheduled.Done(publish(report, outcome, step, inMemory.lastRun(), List.of(), null));
        }
        onRecorded.accept(found.runId());
        RunReport report =
                assemble(admitted, observed, recorded.step(), recorded.approvals(), recorded.reverts(), Shown.ACTORS);
        // the daemon's maintenance rule counts from the previous run it made itself, as it always has
        return new Scheduled.Done(publish(
                report, outcome, recorded.step(), inMemory.lastRun(), recorded.approvalChanges(), recorded.followUp()));
    }

    /**
     * A scheduled run's standard: the current bundle or, refused, the last accepted revision; with {@code tell}, a
     * refused bundle and approvals sources that failed are mailed to the reviewers (once per run, by the node that
     * starts it).
     */
    Admitted admitScheduled(Inventory inventory, boolean tell) {
        Admitted admitted = BundleAdmission.openOrLastAccepted(
                cfg, configFile, unsigned, clock.instant(), storage.revisions(), inventory);
        if (!tell) {
            return admitted;
        }
        if (!admitted.info().verified() && !admitted.info().unsigned()) {
            LOG.warn("standard not verified: {}", admitted.info().problem());
            mailer.securityRefusal(admitted);
            mailQueued.run();
        }
        if (!admitted.approvals().failedSources().isEmpty()) {
            admitted.approvals()
                    .failedSources()
                    .forEach(s -> LOG.error("{}: {}; {}", s.location(), s.error(), String.join("; ", s.notes())));
            mailer.approvalsSourceErrors(admitted);
            mailQueued.run();
        }
        return admitted;
    }

    /** Sends what the outbox holds and is due (the daemon calls this between runs, so retries need no new run). */
    public void drainOutbox() {
        mailer.drain();
    }

    /** The inventory, and a {@code --hosts} that matches none of it refused as the mistake it is. */
    private Inventory inventory(HostSubset subset) {
        Inventory inventory = Inventories.load(cfg);
        if (!subset.globs().isEmpty() && inventory.hosts().stream().noneMatch(h -> subset.test(h.name()))) {
            throw new LoadException("--hosts: " + subset + " matches no host of " + cfg.inventory());
        }
        return inventory;
    }

    /** How much the report adds to what the hosts showed. */
    enum Shown {
        /** The drifts as found (the store could not give their history). */
        AS_FOUND,
        /** Each drift's first sighting, last clean run and flap from its episode (the preview). */
        HISTORY,
        /** That, and the possible actors of what opened in this run (a recorded run). */
        ACTORS
    }

    /**
     * Builds the run's report, once: each host annotated from its episodes, and the possible actors of what opened in
     * this run, a heuristic whose failure costs the report nothing; as much of it as {@code shown} says.
     */
    RunReport assemble(
            Admitted admitted,
            Observed observed,
            RunHistory.Step step,
            ApprovalSummary approvals,
            List<RevertNote> reverts,
            Shown shown) {
        Findings found = observed.findings();
        List<HostResult> hosts = shown == Shown.AS_FOUND ? found.hosts() : step.annotate(found.hosts());
        if (shown == Shown.ACTORS) {
            try {
                hosts = ActorLookup.enrich(cfg, found, hosts); // the second, read-only round trip
            } catch (RuntimeException e) {
                LOG.warn("run {}: possible actors not looked up: {}", found.runId(), e.toString());
            }
        }
        Set<String> self = SelfApprovedRecords.of(
                hosts,
                approvals.verdicts(),
                cfg.signoff() == null ? Map.of() : cfg.signoff().approverAccounts());
        if (!self.isEmpty() && shown == Shown.ACTORS) {
            keepSelfApproved(self, admitted, found.runId());
        }
        AuditResult result = AuditResult.assemble(found)
                .hosts(hosts)
                .approvals(approvals.withVerdicts(approvals.verdicts().withFlag(self, RecordVerdict.SELF_APPROVED)))
                .inventoryChanges(observed.inventoryChanges())
                .reverts(reverts)
                .build();
        Map<String, String> links = new java.util.TreeMap<>();
        admitted.approvals().verdicts().stream()
                .filter(v -> v.record() != null)
                .forEach(v -> TicketLink.of(v.record(), cfg.approvals().ticketUrl())
                        .ifPresent(url -> links.putIfAbsent(v.id(), url)));
        return RunReport.of(
                result, step.events(), admitted.records(), cfg.reports().displayTimeZone(), links);
    }

    /** Remembers the self-approved records (by sha256): under {@code self_approved: refuse} the next run refuses them. */
    private void keepSelfApproved(Set<String> ids, Admitted admitted, String runId) {
        Map<String, String> sha = new java.util.TreeMap<>();
        admitted.approvals().verdicts().stream()
                .filter(v -> ids.contains(v.id()))
                .forEach(v -> sha.put(v.id(), v.sha256()));
        try {
            journal.keepSelfApproved(sha, clock.instant());
        } catch (IllegalStateException e) { // the store: the flag is in this report all the same
            LOG.error("run {}: cannot keep the self-approved records {}: {}", runId, sha.keySet(), e.getMessage());
        }
    }

    /**
     * Publishes a recorded run: its report files (an unwritable one makes the run a failure, in the store too: the
     * alerts must not see a healthy run without a report), then its mail (queued either way: the board still hears of
     * it), then the sinks.
     */
    Completed publish(
            RunReport report,
            RunOutcome outcome,
            RunHistory.Step step,
            Instant previousRun,
            List<ApprovalChanges.Change> approvalChanges,
            FollowUpStep.Step followUp) {
        Optional<Exception> unwritten = ReportFiles.write(cfg.reportsDir(), report);
        if (unwritten.isPresent()) {
            outcome = RunOutcome.FAILURE;
            markFailed(report.result().runId());
        }
        mailer.afterRun(report, step, previousRun);
        mailer.approvalChanges(report.result().runId(), approvalChanges);
        mailer.escalations(report.result().runId(), followUp);
        mailQueued.run();
        Completed done = new Completed(report, outcome, step, unwritten, approvalChanges, followUp);
        for (RunSink sink : sinks) {
            sink.published(done);
        }
        return done;
    }

    /** A recorded run whose report could not be written, or that failed after it was recorded, is a failed run. */
    public void markFailed(String runId) {
        try {
            journal.markFailed(runId);
        } catch (IllegalStateException e) {
            LOG.error("run {}: cannot mark it failed in the store: {}", runId, e.getMessage());
        }
    }

    /** A run that failed before the store had it: kept as a failed run for the hour. */
    public void saveFailed(Instant start) {
        try {
            journal.saveFailedRun(ObserveStep.runId(start), start, clock.instant());
        } catch (IllegalStateException se) {
            LOG.error("{}", se.getMessage());
        }
    }

    /** The run id a run starting now would get (the daemon's log names a run that failed before it had one). */
    public static String runId(Instant start) {
        return ObserveStep.runId(start);
    }
}
