package io.driftwarden.daemon;

import io.driftwarden.config.Config;
import io.driftwarden.config.Permissions;
import io.driftwarden.http.Endpoints;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.schedule.RunScheduler;
import io.driftwarden.yaml.InputFile;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon, wired: the store and its lease, the scheduled run, the outbox thread, the HTTP listeners, and a shutdown
 * that aborts the run in progress and closes everything in order. Runs until SIGTERM (or until its lease is lost).
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private Daemon() {}

    /**
     * Starts the daemon and blocks until it stops.
     *
     * @throws LoadException when it cannot start (signoff missing, store leased by another daemon, a listener taken);
     *                       nothing it opened stays open
     */
    public static void run(Config cfg, Path configFile, boolean unsigned, String version, Supplier<DaemonStorage> open)
            throws InterruptedException {
        System.setProperty("driftwarden.daemon", "1"); // revert refuses to run in this process
        Permissions.refuseWritableByOthers(configFile, "the config");
        if (cfg.signoff() == null && !unsigned) {
            throw new LoadException(
                    configFile + ": signoff: required to judge hosts (or run with --insecure-unsigned)");
        }
        DaemonStorage storage = open.get(); // refused when another daemon holds the store's lease
        Lease lease = storage.lease();
        DriftwardenMetrics metrics = new DriftwardenMetrics(version, cfg.metricsPerHost());
        ScheduledRun run = new ScheduledRun(
                cfg, configFile, unsigned, metrics, storage.runs(), storage.evidence(), Clock.systemUTC());
        ScheduledExecutorService outbox = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox");
            t.setDaemon(true);
            return t;
        });
        long every = cfg.email() == null
                ? 60
                : Math.max(1, Math.min(30, cfg.email().retryAfter().toSeconds()));
        // a cluster's outboxes are shared: one node at a time sends, so no mail or webhook leaves twice
        java.util.function.BooleanSupplier sender =
                storage.cluster().map(DaemonStorage.Cluster::sender).orElse(() -> true);
        Runnable drain = () -> {
            if (sender.getAsBoolean()) {
                run.drainOutbox();
            }
        };
        outbox.scheduleWithFixedDelay(drain, 0, every, TimeUnit.SECONDS);
        // mail leaves on the outbox thread only, so a stalled relay never holds the run's thread
        run.onMailQueued(() -> outbox.execute(drain));
        // each webhook endpoint has a thread of its own: a slow receiver holds no run, no mail, no other receiver
        java.util.List<String> endpoints = run.webhookEndpoints();
        ScheduledExecutorService hooks = Executors.newScheduledThreadPool(Math.max(1, endpoints.size()), r -> {
            Thread t = new Thread(r, "webhooks");
            t.setDaemon(true);
            return t;
        });
        for (String e : endpoints) {
            hooks.scheduleWithFixedDelay(
                    () -> {
                        if (sender.getAsBoolean()) {
                            run.drainWebhooks(e);
                        }
                    },
                    1,
                    5,
                    TimeUnit.SECONDS);
        }
        ClusterNode node = null;
        RunScheduler scheduler;
        try {
            if (storage.cluster().isPresent()) {
                DaemonStorage.Cluster cluster = storage.cluster().get();
                node = new ClusterNode(cfg, run, cluster);
                node.start(); // refused when this node's clock is too far from the database's
                ClusterNode fired = node;
                scheduler = RunScheduler.clustered(
                        cfg.schedule().cron(),
                        cfg.schedule().timeZone(),
                        cluster.pool(),
                        Config.Cluster.CHECKIN,
                        cluster.node(),
                        fired::fire);
            } else {
                scheduler =
                        new RunScheduler(cfg.schedule().cron(), cfg.schedule().timeZone(), run);
            }
        } catch (RuntimeException e) {
            if (node != null) {
                node.close();
            }
            outbox.shutdownNow();
            hooks.shutdownNow();
            storage.close();
            throw e instanceof LoadException l ? l : new LoadException(e.getMessage());
        }
        ClusterNode member = node;
        Endpoints http;
        try {
            http = new Endpoints(
                    cfg.http().listen(),
                    metrics::scrape,
                    () -> scheduler.started() && (member == null || member.ready()),
                    cfg.http().apiListen(),
                    token(cfg),
                    api(run, scheduler, member));
        } catch (IOException | LoadException e) {
            scheduler.close();
            if (member != null) {
                member.close();
            }
            outbox.shutdownNow();
            hooks.shutdownNow();
            storage.close();
            throw new LoadException(cfg.http().listen() + ": cannot listen: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping: interrupting the current run, closing listeners");
                            run.abort();
                            if (member != null) {
                                member.close(); // shards in progress handed back to the other nodes
                            }
                            scheduler.close();
                            try {
                                scheduler.awaitIdle(8_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            http.close();
                            outbox.shutdownNow();
                            hooks.shutdownNow();
                            storage.close();
                            stopped.countDown();
                        },
                        "dw-shutdown"));
        // two daemons must never audit into one store: if ours lapsed and another took over, this one goes (exit 1
        // runs the shutdown hook above: the run in progress is aborted, nothing half-written)
        lease.onLost(() -> new Thread(() -> System.exit(1), "dw-lease-lost").start());
        scheduler.start(run.history().lastRun());
        LOG.info(
                "daemon {} started{}: cron '{}' ({}), metrics on {}",
                cfg.instance(),
                member == null ? "" : " as a cluster node",
                cfg.schedule().cron(),
                cfg.schedule().timeZone(),
                cfg.http().listen());
        stopped.await();
    }

    private static Endpoints.Api api(ScheduledRun run, RunScheduler scheduler, ClusterNode node) {
        return new Endpoints.Api() {
            @Override
            public Optional<String> latestJson() {
                return run.latestJson();
            }

            @Override
            public Optional<String> latestHtml() {
                return run.latestHtml();
            }

            @Override
            public boolean requestRun() {
                try {
                    if (node != null && node.busy()) {
                        return false; // the cluster's run in progress: as one node's queue, one waits at most
                    }
                    return scheduler.requestRun();
                } catch (RunScheduler.Refused e) { // stopping: as before, the API says no run was queued
                    return false;
                }
            }
        };
    }

    private static byte[] token(Config cfg) {
        if (cfg.http().apiTokenFile() == null) {
            return new byte[0];
        }
        Permissions.refuseWritableByOthers(cfg.http().apiTokenFile(), "http.api_token_file");
        try {
            return new String(InputFile.read(cfg.http().apiTokenFile(), "http.api_token_file"), StandardCharsets.UTF_8)
                    .strip()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoadException(cfg.http().apiTokenFile() + ": cannot read the API token: " + e.getMessage());
        }
    }
}
