package io.driftwarden.daemon;

import io.driftwarden.cluster.ClockSkew;
import io.driftwarden.cluster.SharedRuns;
import io.driftwarden.config.Config;
import io.driftwarden.run.SharedPipeline;
import io.driftwarden.schedule.RunScheduler;
import io.driftwarden.yaml.LoadException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's part in a cluster: it opens the run when Quartz fires on it, its workers claim shards of any open run
 * (every node's do, so the work spreads whoever started it) and judge them under a renewed lease, and its finaliser
 * closes runs that are complete or past their deadline (once across the cluster: the store's conditional update
 * decides). A node whose clock is too far from the database's stands by: it claims nothing and is not ready.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** How often an idle worker looks for a shard, and the finaliser for a run to close. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** How long a stopping node waits for its finaliser to publish the run it recorded. */
    static final Duration FINALISER_GRACE = Duration.ofSeconds(15);
    /** How often the clock is read against the database's, besides at start and at each firing. */
    static final Duration SKEW_EVERY = Duration.ofSeconds(30);

    private final ScheduledRun run;
    private final SharedPipeline pipeline;
    private final SharedRuns shared;
    private final DaemonStorage.Cluster storage;
    private final Duration lease;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService timers;
    /** This node's standard per open run: pinned once (or refused once, logged once). */
    private final Map<String, Optional<SharedPipeline.Pinned>> pinned = new ConcurrentHashMap<>();

    private final AtomicBoolean stopping = new AtomicBoolean();
    /** When this node last failed to finalise a run, by run (the finaliser's thread only). */
    private final Map<String, Long> failures = new java.util.HashMap<>();
    /** How long a run this node failed to finalise waits before this node tries it again. */
    static final Duration RETRY = Duration.ofSeconds(30);

    private volatile boolean standingBy;
    /** The newest finalised run this node's metrics and history are of (touched by the finaliser thread only). */
    private String followed;

    public ClusterNode(Config cfg, ScheduledRun run, DaemonStorage.Cluster storage) {
        this.run = run;
        this.storage = storage;
        this.shared = storage.runs();
        this.pipeline = run.shared(shared);
        this.lease = cfg.schedule().cluster().shardLease();
        // enough shards at once to keep ssh.concurrency busy: each shard's hosts are observed in parallel
        int size = cfg.schedule().cluster().shardSize();
        this.workers = Math.max(1, Math.min(16, (cfg.ssh().concurrency() + size - 1) / size));
        run.metrics().cluster(storage.members(), this::ready);
        this.timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "cluster-timers");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reads the clock against the database's and starts the workers and the finaliser.
     *
     * @throws LoadException when this node's clock is too far off to join at all
     */
    public void start() {
        ClockSkew skew = checkClock();
        if (skew.verdict() == ClockSkew.Verdict.REFUSE) {
            throw new LoadException("clock: this node's clock is " + skew.skew().toMillis()
                    + " ms from the database's (more than " + ClockSkew.REFUSE.toSeconds()
                    + " s): fix its time synchronisation (NTP) before it joins the cluster");
        }
        for (int i = 0; i < workers; i++) {
            threads.add(thread("cluster-worker-" + i, this::work));
        }
        threads.add(thread("cluster-finaliser", this::finalise));
        timers.scheduleWithFixedDelay(
                this::checkClockQuietly, SKEW_EVERY.toMillis(), SKEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info(
                "cluster node {}: {} workers, shard lease {} s, clock {} ms from the database's (±{} ms)",
                storage.node(),
                workers,
                lease.toSeconds(),
                skew.skew().toMillis(),
                skew.uncertainty().toMillis());
    }

    /** Quartz fired on this node: open the run for that time (a no-op when it is open already). */
    public void fire(RunScheduler.Fire fire) {
        checkClockQuietly();
        try {
            pipeline.start(fire.scheduledFor());
        } catch (RuntimeException | Error e) {
            // nothing opened: the next firing tries again, and the alert on the last run's age says the hour is lost
            LOG.error("run for {} could not be opened: {}", fire.scheduledFor(), e.toString(), e);
        }
    }

    /** A run is open (a manual run waits for it, as one node's queue does). */
    public boolean busy() {
        return !shared.open().isEmpty();
    }

    /** Ready: a live member whose clock is close enough to judge. */
    public boolean ready() {
        return storage.member().getAsBoolean() && !standingBy;
    }

    private ClockSkew checkClock() {
        ClockSkew skew = ClockSkew.of(storage.clock().get());
        boolean was = standingBy;
        standingBy = skew.verdict() != ClockSkew.Verdict.OK;
        if (standingBy && !was) {
            LOG.error(
                    "clock: {} ms from the database's (±{} ms, more than {} ms): standing by, claiming nothing",
                    skew.skew().toMillis(),
                    skew.uncertainty().toMillis(),
                    ClockSkew.STAND_BY.toMillis());
        } else if (was && !standingBy) {
            LOG.info("clock: back within {} ms of the database's: judging again", ClockSkew.STAND_BY.toMillis());
        }
        return skew;
    }

    private void checkClockQuietly() {
        try {
            checkClock();
        } catch (RuntimeException e) { // the store: the workers' own calls will say so
            LOG.warn("clock: cannot read the database's: {}", e.toString());
        }
    }

    private void work() {
        while (!stopping.get()) {
            boolean worked = false;
            try {
                if (!standingBy) {
                    worked = claimOne();
                }
            } catch (RuntimeException | Error e) {
                LOG.error("cluster worker: {}", e.toString(), e);
            }
            if (!worked && !pause()) {
                return;
            }
        }
    }

    /** Claims and judges one shard of the oldest open run this node can judge; false when there was none. */
    private boolean claimOne() {
        List<SharedRuns.OpenRun> open = shared.claimable();
        if (pinned.size() > open.size()) { // a run is no longer open: its pin goes (a run being claimed out keeps it)
            pinned.keySet().retainAll(shared.open());
        }
        for (SharedRuns.OpenRun r : open) {
            Optional<SharedPipeline.Pinned> p = pinned.computeIfAbsent(r.runId(), id -> pin(r));
            if (p.isEmpty()) {
                continue;
            }
            Optional<SharedRuns.Claim> claim = shared.claim(r.runId(), lease);
            if (claim.isPresent()) {
                judge(p.get(), claim.get());
                return true;
            }
        }
        return false;
    }

    private Optional<SharedPipeline.Pinned> pin(SharedRuns.OpenRun r) {
        try {
            return Optional.of(pipeline.pin(r));
        } catch (RuntimeException e) {
            LOG.error("run {}: {}", r.runId(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Judges a shard under its lease, renewed a third of the way through; a lost lease stops the work unkept. A renewal
     * interrupts the worker only while this shard is being observed (under {@code guard}): one that finds the shard
     * done, or lands late, cannot touch the worker's next shard.
     */
    private void judge(SharedPipeline.Pinned p, SharedRuns.Claim claim) {
        Thread worker = Thread.currentThread();
        Object guard = new Object();
        boolean[] observing = {true};
        AtomicBoolean lost = new AtomicBoolean();
        long every = Math.max(1, lease.toMillis() / 3);
        ScheduledFuture<?> renewal = timers.scheduleWithFixedDelay(
                () -> {
                    boolean held;
                    try {
                        held = shared.renew(claim, lease);
                    } catch (RuntimeException e) { // the store: the lease may lapse; the fence keeps results right
                        LOG.warn("run {} shard {}: cannot renew: {}", claim.runId(), claim.shard(), e.toString());
                        return;
                    }
                    synchronized (guard) {
                        if (!held && observing[0] && !lost.getAndSet(true)) {
                            LOG.warn(
                                    "run {} shard {}: lease lost (another node holds it now): stopping it",
                                    claim.runId(),
                                    claim.shard());
                            worker.interrupt();
                        }
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        Map<String, byte[]> results;
        try {
            results = pipeline.observe(p, claim);
        } finally {
            renewal.cancel(false);
            synchronized (guard) {
                observing[0] = false;
                if (!stopping.get()) {
                    Thread.interrupted(); // a renewal's interrupt ends this shard, not the worker
                }
            }
        }
        if (lost.get()) {
            run.metrics().shard("lost", results.size());
            return; // judged under a lease another node holds now: not kept
        }
        if (stopping.get()) {
            release(claim);
            return;
        }
        boolean kept = shared.complete(claim, results);
        run.metrics().shard(kept ? "kept" : "lost", results.size());
        LOG.info(
                "run {} shard {} (attempt {}): {} hosts in {} ms{}",
                claim.runId(),
                claim.shard(),
                claim.attempt(),
                results.size(),
                Duration.ofNanos(System.nanoTime() - t0).toMillis(),
                kept ? "" : ", not kept: the claim was lost");
    }

    /** A node stopping hands its shard back at once rather than make the survivors wait out its lease. */
    private void release(SharedRuns.Claim claim) {
        try {
            if (shared.release(claim)) {
                LOG.info("run {} shard {}: handed back (stopping)", claim.runId(), claim.shard());
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "run {} shard {}: not handed back, its lease lapses: {}",
                    claim.runId(),
                    claim.shard(),
                    e.toString());
        }
    }

    private void finalise() {
        while (!stopping.get()) {
            try {
                for (String runId : shared.due()) {
                    if (stopping.get()) {
                        return;
                    }
                    finaliseOne(runId);
                }
                follow();
            } catch (RuntimeException | Error e) { // the store: the next look tries again
                LOG.error("cluster finaliser: {}", e.toString(), e);
            }
            if (!pause()) {
                return;
            }
        }
    }

    /**
     * Finalises one run; a failure rolls its transaction back and leaves it open, and this node tries it again after
     * {@link #RETRY}, without holding up the runs after it.
     */
    private void finaliseOne(String runId) {
        Long failedAt = failedAt(runId);
        if (failedAt != null && System.nanoTime() - failedAt < RETRY.toNanos()) {
            return;
        }
        try {
            pipeline.finalise(runId)
                    .ifPresentOrElse(run::finished, () -> LOG.debug("run {} was finalised by another node", runId));
            failures.remove(runId);
        } catch (RuntimeException | Error e) {
            failures.put(runId, System.nanoTime());
            LOG.error("run {} could not be finalised (tried again in {} s): {}", runId, RETRY.toSeconds(), e, e);
        }
    }

    private Long failedAt(String runId) {
        if (failures.size() > 64) { // bounded: the marks of runs long gone
            failures.clear();
        }
        return failures.get(runId);
    }

    /** When another node finalised the newest run, this node's history and metrics follow it (once per run). */
    private void follow() {
        Optional<SharedRuns.Finalised> latest = shared.latestFinalised();
        if (latest.isEmpty() || latest.get().runId().equals(followed)) {
            return;
        }
        if (!latest.get().finalisedBy().equals(shared.node())) {
            run.followed(latest.get().runId());
        }
        followed = latest.get().runId();
    }

    /** Waits one poll; false when the node is stopping. */
    private boolean pause() {
        try {
            Thread.sleep(POLL.toMillis());
            return !stopping.get();
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Stops claiming and interrupts the shards in progress (unkept: handed back to the other nodes); the finaliser is
     * not interrupted but finishes the run it is recording and publishing, so that a run recorded is also reported
     * and mailed, within {@link #FINALISER_GRACE}.
     */
    @Override
    public void close() {
        stopping.set(true);
        if (threads.isEmpty()) { // never started
            timers.shutdownNow();
            return;
        }
        Thread finaliser = threads.get(threads.size() - 1);
        List<Thread> workers = threads.subList(0, threads.size() - 1);
        workers.forEach(Thread::interrupt);
        try {
            for (Thread t : workers) {
                t.join(5_000);
            }
            timers.shutdownNow();
            finaliser.join(FINALISER_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
