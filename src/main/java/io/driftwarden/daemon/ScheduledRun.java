package io.driftwarden.daemon;

import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.audit.AuditResult;
import io.driftwarden.cluster.SharedRuns;
import io.driftwarden.config.Config;
import io.driftwarden.history.RunHistory;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.metrics.RunOutcome;
import io.driftwarden.remedy.EvidenceJournal;
import io.driftwarden.run.HostFailureLog;
import io.driftwarden.run.RunPipeline;
import io.driftwarden.run.RunStorage;
import io.driftwarden.run.SharedPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's run, as Quartz fires it: the pipeline's scheduled recipe, the history kept in memory between runs (for
 * the metrics, and for a run the store cannot record), and the metrics of every run. Every failure ends as an outcome.
 */
public final class ScheduledRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRun.class);
    private final Config cfg;
    private final DriftwardenMetrics metrics;
    private final EvidenceJournal evidence;
    private final Clock clock;
    private final RunPipeline pipeline;
    private final RunStorage storage;
    private final AtomicReference<RunHistory> history;
    private final AtomicReference<AuditResult> latest = new AtomicReference<>();
    /** The run in progress once the store has it (the Quartz worker is the only thread that runs runs). */
    private String recordedRun;
    /** Set by the shutdown path: the run in progress must not be recorded as if it had completed. */
    private final AtomicBoolean aborting = new AtomicBoolean();

    public ScheduledRun(
            Config cfg,
            Path configFile,
            boolean unsigned,
            DriftwardenMetrics metrics,
            RunStorage storage,
            EvidenceJournal evidence,
            Clock clock) {
        this.cfg = cfg;
        this.metrics = metrics;
        this.evidence = evidence;
        this.clock = clock;
        this.pipeline =
                new RunPipeline(cfg, configFile, unsigned, storage, clock, metrics).publishingTo(this::measured);
        this.storage = storage;
        this.history = new AtomicReference<>(storage.journal().history());
        metrics.restore(history.get());
        metrics.reverts(evidence.countsByOutcome());
        metrics.maintenance(() -> cfg.maintenanceAt(clock.instant()).isPresent());
    }

    /** Marks every run from now on as aborted (SIGTERM); the interrupt alone can be consumed on the way out. */
    public void abort() {
        aborting.set(true);
    }

    /** What to call when a run has queued mail: the daemon hands the outbox thread a drain. */
    public void onMailQueued(Runnable wake) {
        pipeline.onMailQueued(wake);
    }

    DriftwardenMetrics metrics() {
        return metrics;
    }

    public RunHistory history() {
        return history.get();
    }

    public Optional<AuditResult> latest() {
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
            RunPipeline.Scheduled end = pipeline.scheduled(history.get(), aborting::get, id -> recordedRun = id);
            if (end instanceof RunPipeline.Scheduled.Done done) {
                finished(done.completed());
            } else if (end instanceof RunPipeline.Scheduled.NotRun notRun) {
                LOG.error("run could not happen: {}", notRun.why());
                failed(start, t0);
            } else {
                metrics.record(
                        RunOutcome.ABORTED,
                        Duration.ofNanos(System.nanoTime() - t0),
                        null,
                        history.get(),
                        List.of(),
                        Map.of());
            }
        } catch (RuntimeException | Error e) {
            // a bug, or an exhausted JVM (an OutOfMemoryError frees what the run held once it unwinds): the hour is
            // recorded as failed and said in the log, never lost in silence
            LOG.error("run {} failed: {}", RunPipeline.runId(start), e.toString(), e);
            failed(start, t0);
        }
    }

    /** The cluster's steps over this daemon's pipeline: what it finalises is published as its own runs are. */
    public SharedPipeline shared(SharedRuns shared) {
        return new SharedPipeline(pipeline, cfg, storage, clock, shared);
    }

    /**
     * Another node finalised a newer run: this node's history follows the store's, and its run-result metrics leave its
     * scrape (the finalising node's speak for the cluster).
     */
    void followed(String runId) {
        RunHistory h = storage.journal().history();
        history.set(h);
        metrics.withdrawRunResults(h);
        LOG.info("run {} was finalised by another node: its metrics are that node's to show", runId);
    }

    /** A cluster's run this node finalised: logged as a run of its own (its metrics came with the publishing). */
    void finished(RunPipeline.Completed done) {
        AuditResult result = done.report().result();
        LOG.info(
                "run {}: {} in {} ms, {} hosts, {} unapproved and {} approved drifts, {} drift events",
                result.runId(),
                done.outcome().label(),
                took(result).toMillis(),
                result.hosts().size(),
                result.drifts(false),
                result.drifts(true),
                done.step().events().size());
        HostFailureLog.lines(result).forEach(LOG::warn);
    }

    /**
     * The daemon's sink, as each run is published: the history and the latest result kept for the next run and the API,
     * then the metrics (a metrics failure then costs the run nothing it already has).
     */
    private void measured(RunPipeline.Completed done) {
        AuditResult result = done.report().result();
        done.unwritten()
                .ifPresent(e -> LOG.error(
                        "run {}: {}: cannot write the report: {}", result.runId(), cfg.reportsDir(), e.toString()));
        history.set(done.step().next());
        latest.set(result);
        Map<String, Instant> expiry = new TreeMap<>();
        for (ChangeRecord r : done.report().records().values()) {
            expiry.put(r.id(), r.expires());
        }
        metrics.record(
                done.outcome(),
                took(result),
                result,
                done.step().next(),
                done.step().events(),
                expiry);
        metrics.approvalChanges(done.approvalChanges());
        metrics.followUp(
                done.followUp(),
                cfg.approvals().deadlines() == null
                        ? 0
                        : cfg.approvals().deadlines().levels().size());
        try {
            metrics.reverts(evidence.countsByOutcome());
        } catch (IllegalStateException e) { // the store
            LOG.warn("run {}: cannot read the revert counts: {}", result.runId(), e.getMessage());
        }
    }

    private static Duration took(AuditResult r) {
        return Duration.between(r.startedAt(), r.finishedAt());
    }

    /**
     * The run failed as a whole: metrics say so, and the store keeps a failed run for the hour (a run it already
     * recorded is marked failed, not inserted twice).
     */
    private void failed(Instant start, long t0) {
        RunHistory h = new RunHistory(
                history.get().open(),
                history.get().hosts(),
                history.get().recentlyClosed(),
                start,
                history.get().lastSuccess());
        history.set(h);
        metrics.record(RunOutcome.FAILURE, Duration.ofNanos(System.nanoTime() - t0), null, h, List.of(), Map.of());
        if (recordedRun != null) {
            pipeline.markFailed(recordedRun);
        } else {
            pipeline.saveFailed(start);
        }
    }

    public java.util.List<String> webhookEndpoints() {
        return pipeline.webhookEndpoints();
    }

    /** Sends what the webhook outbox holds for one endpoint (its own thread calls this every few seconds). */
    public void drainWebhooks(String endpoint) {
        try {
            pipeline.drainWebhooks(endpoint, Duration.ofSeconds(60));
        } catch (RuntimeException | Error e) {
            LOG.error("webhook {}: drain failed: {}", endpoint, e.toString(), e);
        }
    }

    /** Sends what the outbox holds and is due (the daemon calls this between runs, so retries need no new run). */
    public void drainOutbox() {
        try {
            pipeline.drainOutbox();
        } catch (RuntimeException | Error e) {
            // an exception would cancel the scheduled drain for good, silently: say it and keep the thread alive
            LOG.error("outbox: drain failed: {}", e.toString(), e);
        }
    }

    public Optional<String> latestJson() {
        return read(cfg.reportsDir().resolve("latest.json"));
    }

    public Optional<String> latestHtml() {
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
