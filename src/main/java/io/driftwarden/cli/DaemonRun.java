package io.driftwarden.cli;

import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.HostResult;
import io.driftwarden.history.RunHistory;
import io.driftwarden.config.Config;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.metrics.RunOutcome;
import io.driftwarden.report.HtmlReport;
import io.driftwarden.report.JsonReport;
import io.driftwarden.store.AtomicFile;
import io.driftwarden.store.HistoryStore;
import io.driftwarden.store.Store;
import io.driftwarden.store.StoreException;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled run of the daemon: reload bundle (or fall back to the last accepted revision) and inventory,
 * audit, write the reports, carry the history forward, record metrics. Every failure ends as an outcome.
 */
final class DaemonRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonRun.class);
    private final Config cfg;
    private final Path configFile;
    private final boolean unsigned;
    private final DriftwardenMetrics metrics;
    private final Store store;
    private final RunMailer mailer;
    private final Clock clock;
    private final AtomicReference<RunHistory> history;
    private final AtomicReference<AuditResult> latest = new AtomicReference<>();
    /** The run in progress once the store has it (the Quartz worker is the only thread that runs runs). */
    private String recordedRun;
    /** Asks the outbox thread to send now; the run itself only queues. */
    private volatile Runnable wakeOutbox = () -> { };
    /** Set by the shutdown path: the run in progress must not be recorded as if it had completed. */
    private final java.util.concurrent.atomic.AtomicBoolean aborting = new java.util.concurrent.atomic.AtomicBoolean();

    DaemonRun(Config cfg, Path configFile, boolean unsigned, DriftwardenMetrics metrics, Store store, Clock clock) {
        this.cfg = cfg;
        this.configFile = configFile;
        this.unsigned = unsigned;
        this.metrics = metrics;
        this.store = store;
        this.clock = clock;
        this.mailer = new RunMailer(cfg, store, clock, metrics);
        this.history = new AtomicReference<>(store.tx(HistoryStore::load).history());
        metrics.restore(history.get());
        metrics.reverts(store.tx(io.driftwarden.store.EvidenceStore::countsByOutcome));
        metrics.maintenance(() -> cfg.maintenanceAt(clock.instant()).isPresent());
    }

    /** Marks every run from now on as aborted (SIGTERM); the interrupt alone can be consumed on the way out. */
    void abort() {
        aborting.set(true);
    }

    /** What to call when a run has queued mail: the daemon hands the outbox thread a drain. */
    void onMailQueued(Runnable wake) {
        this.wakeOutbox = wake;
    }

    RunHistory history() {
        return history.get();
    }

    Optional<AuditResult> latest() {
        return Optional.ofNullable(latest.get());
    }

    @Override
    public void run() {
        if (aborting.get()) {
            return;
        }
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        recordedRun = null;
        try {
            runOnce(start, t0);
        } catch (RuntimeException | Error e) {
            // a bug, or an exhausted JVM (an OutOfMemoryError frees what the run held once it unwinds): the hour is
            // recorded as failed and said in the log, never lost in silence
            LOG.error("run {} failed: {}", RunComposer.runId(start), e.toString(), e);
            failed(start, t0);
        }
    }

    private void runOnce(Instant start, long t0) {
        AuditResult result;
        Inventory inventory;
        TrustedBundle.Admitted admitted;
        try {
            admitted = TrustedBundle.openOrLastAccepted(cfg, configFile, unsigned, start, store);
            if (!admitted.info().verified() && !admitted.info().unsigned()) {
                LOG.warn("standard not verified: {}", admitted.info().problem());
                mailer.securityRefusal(admitted);
                wakeOutbox.run();
            }
            inventory = Inventories.load(cfg);
            result = RunComposer.run(cfg, admitted, inventory, h -> true, null, clock, cfg.schedule().runDeadline(), store);
        } catch (LoadException | IllegalStateException | StoreException e) {
            if (aborting.get() || Thread.currentThread().isInterrupted()) {
                // stopped mid-run: an interrupted store or transport is not a run that "could not happen"
                metrics.record(RunOutcome.ABORTED, Duration.ofNanos(System.nanoTime() - t0), null, history.get(),
                        java.util.List.of(), Map.of());
                return;
            }
            String problems = e instanceof LoadException l ? String.join("; ", l.problems()) : e.getMessage();
            LOG.error("run could not happen: {}", problems);
            failed(start, t0);
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (aborting.get() || Thread.currentThread().isInterrupted()) {
            LOG.warn("run {} aborted: nothing recorded but the outcome", result.runId());
            metrics.record(RunOutcome.ABORTED, took, null, history.get(), java.util.List.of(), Map.of());
            return;
        }
        RunOutcome outcome = RunOutcome.of(result);
        RunHistory.Step step;
        try {
            RunRecorder.Recorded recorded = RunRecorder.record(store, cfg, admitted, result, inventory, outcome);
            recordedRun = result.runId();
            result = enriched(recorded.result());
            step = recorded.step();
        } catch (StoreException e) {
            // the result is not lost: its report is still written; the history catches up with the next run
            LOG.error("run {}: cannot record it in the store: {}", result.runId(), e.getMessage());
            step = RunRecorder.unrecorded(store, history.get(), cfg, result, inventory, outcome);
        }
        var ctx = io.driftwarden.report.ReportContext.of(step.events(), admitted.records(), cfg.reports().displayTimeZone());
        if (!writeReports(result, ctx)) {
            // the history has the run, the board must still hear of it: the mail below carries the report, and the
            // run counts as failed so the run-failure alert fires until the disk is fixed
            outcome = RunOutcome.FAILURE;
            markFailed(result.runId());
        }
        mailer.afterRun(result, step, ctx, history.get().lastRun());
        wakeOutbox.run();
        history.set(step.next());
        latest.set(result);
        Map<String, Instant> expiry = new TreeMap<>();
        for (ChangeRecord r : admitted.records()) {
            expiry.put(r.id(), r.expires());
        }
        metrics.record(outcome, took, result, step.next(), step.events(), expiry);
        try {
            metrics.reverts(store.tx(io.driftwarden.store.EvidenceStore::countsByOutcome));
        } catch (StoreException e) {
            LOG.warn("run {}: cannot read the revert counts: {}", result.runId(), e.getMessage());
        }
        LOG.info("run {}: {} in {} ms, {} hosts, {} unapproved and {} approved drifts, {} drift events", result.runId(),
                outcome.label(), took.toMillis(), result.hosts().size(), result.drifts(false), result.drifts(true),
                step.events().size());
        HostFailureLog.lines(result).forEach(LOG::warn);
    }

    /** The possible actors (a second, read-only round trip); a heuristic, so its failure costs the report nothing. */
    private AuditResult enriched(AuditResult recorded) {
        try {
            return ActorLookup.enrich(cfg, recorded);
        } catch (RuntimeException e) {
            LOG.warn("run {}: possible actors not looked up: {}", recorded.runId(), e.toString());
            return recorded;
        }
    }

    private void markFailed(String runId) {
        try {
            store.tx(c -> {
                HistoryStore.markFailed(c, runId);
                return null;
            });
        } catch (StoreException e) {
            LOG.error("run {}: cannot mark it failed in the store: {}", runId, e.getMessage());
        }
    }

    /**
     * The run failed as a whole: metrics say so, and the store keeps a failed run for the hour (a run it already
     * recorded is marked failed, not inserted twice).
     */
    private void failed(Instant start, long t0) {
        RunHistory h = new RunHistory(history.get().open(), history.get().hosts(), history.get().recentlyClosed(), start,
                history.get().lastSuccess());
        history.set(h);
        metrics.record(RunOutcome.FAILURE, Duration.ofNanos(System.nanoTime() - t0), null, h, java.util.List.of(), Map.of());
        if (recordedRun != null) {
            markFailed(recordedRun);
            return;
        }
        try {
            store.tx(c -> {
                HistoryStore.saveFailedRun(c, RunComposer.runId(start), start, clock.instant());
                return null;
            });
        } catch (StoreException se) {
            LOG.error("{}", se.getMessage());
        }
    }

    /** Sends what the outbox holds and is due (the daemon calls this between runs, so retries need no new run). */
    void drainOutbox() {
        try {
            mailer.drain();
        } catch (RuntimeException | Error e) {
            // an exception would cancel the scheduled drain for good, silently: say it and keep the thread alive
            LOG.error("outbox: drain failed: {}", e.toString(), e);
        }
    }

    /**
     * The run's JSON report, latest.json and latest.html, each written whole or not at all (a full disk leaves no
     * truncated file behind); false when any could not be written.
     */
    private boolean writeReports(AuditResult r, io.driftwarden.report.ReportContext ctx) {
        try {
            Files.createDirectories(cfg.reportsDir());
            Path json = cfg.reportsDir().resolve(r.runId() + ".json");
            AtomicFile.write(json, out -> JsonReport.write(r, out));   // streamed, host by host
            AtomicFile.write(cfg.reportsDir().resolve("latest.json"), out -> {
                try (var in = Files.newBufferedReader(json)) {
                    in.transferTo(out);
                }
            });
            AtomicFile.write(cfg.reportsDir().resolve("latest.html"), HtmlReport.render(r, ctx));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("run {}: {}: cannot write the report: {}", r.runId(), cfg.reportsDir(), e.toString());
            return false;
        }
    }

    Optional<String> latestJson() {
        return read(cfg.reportsDir().resolve("latest.json"));
    }

    Optional<String> latestHtml() {
        return read(cfg.reportsDir().resolve("latest.html"));
    }

    private static Optional<String> read(Path p) {
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
