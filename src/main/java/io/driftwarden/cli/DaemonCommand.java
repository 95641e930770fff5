package io.driftwarden.cli;

import io.driftwarden.daemon.ScheduledRun;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.config.Permissions;
import io.driftwarden.http.Endpoints;
import io.driftwarden.metrics.DriftwardenMetrics;
import io.driftwarden.schedule.RunScheduler;
import io.driftwarden.store.Store;
import io.driftwarden.store.StoreLease;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code daemon}: scheduled noop runs and the HTTP listeners, until SIGTERM. */
@Command(name = "daemon", description = "Run the audit on schedule.cron and serve /metrics until SIGTERM.")
public final class DaemonCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "driftwarden.yaml", description = "config file (default ./driftwarden.yaml)")
    Path config;

    @Option(names = "--insecure-unsigned", description = "audit an unsigned bundle (demos only; metrics and reports say UNSIGNED)")
    boolean insecureUnsigned;

    @Override
    public Integer call() throws Exception {
        System.setProperty("driftwarden.daemon", "1");  // revert refuses to run in this process (section 9)
        Config cfg;
        StoreLease lease;
        Store store;
        try {
            cfg = ConfigLoader.load(config);
            Permissions.refuseWritableByOthers(config, "the config");
            if (cfg.signoff() == null && !insecureUnsigned) {
                throw new LoadException(config + ": signoff: required to judge hosts (or run with --insecure-unsigned)");
            }
            store = Store.open(cfg.store().url());
            try {
                lease = StoreLease.acquire(store);
            } catch (LoadException e) {
                store.close();
                throw e;
            }
        } catch (LoadException e) {
            e.problems().forEach(spec.commandLine().getErr()::println);
            return 1;
        }
        String version = Main.class.getPackage().getImplementationVersion();
        DriftwardenMetrics metrics = new DriftwardenMetrics(version == null ? "dev" : version, cfg.metricsPerHost());
        ScheduledRun run = new ScheduledRun(cfg, config, insecureUnsigned, metrics, store, Clock.systemUTC());
        var outbox = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox");
            t.setDaemon(true);
            return t;
        });
        long every = cfg.email() == null ? 60 : Math.max(1, Math.min(30, cfg.email().retryAfter().toSeconds()));
        outbox.scheduleWithFixedDelay(run::drainOutbox, 0, every, java.util.concurrent.TimeUnit.SECONDS);
        // mail leaves on the outbox thread only, so a stalled relay never holds the run's thread
        run.onMailQueued(() -> outbox.execute(run::drainOutbox));
        RunScheduler scheduler = new RunScheduler(cfg.schedule().cron(), cfg.schedule().timeZone(), run);
        Endpoints http;
        try {
            http = new Endpoints(cfg.http().listen(), metrics::scrape, scheduler::started, cfg.http().apiListen(),
                    token(cfg), new Endpoints.Api() {
                        @Override
                        public java.util.Optional<String> latestJson() {
                            return run.latestJson();
                        }

                        @Override
                        public java.util.Optional<String> latestHtml() {
                            return run.latestHtml();
                        }

                        @Override
                        public boolean requestRun() {
                            try {
                                return scheduler.requestRun();
                            } catch (org.quartz.SchedulerException e) {
                                return false;
                            }
                        }
                    });
        } catch (IOException | LoadException e) {
            spec.commandLine().getErr().println(cfg.http().listen() + ": cannot listen: " + e.getMessage());
            outbox.shutdownNow();
            lease.close();
            store.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: interrupting the current run, closing listeners");
            run.abort();
            scheduler.close();
            try {
                scheduler.awaitIdle(8_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            http.close();
            outbox.shutdownNow();
            lease.close();
            store.close();
            stopped.countDown();
        }, "dw-shutdown"));
        // two daemons must never audit into one store: if ours lapsed and another took over, this one goes (exit 1
        // runs the shutdown hook above: the run in progress is aborted, nothing half-written)
        lease.onLost(() -> new Thread(() -> System.exit(1), "dw-lease-lost").start());
        scheduler.start(run.history().lastRun());
        LOG.info("daemon {} started: cron '{}' ({}), metrics on {}", cfg.instance(), cfg.schedule().cron(),
                cfg.schedule().timeZone(), cfg.http().listen());
        stopped.await();
        return 0;
    }

    private static byte[] token(Config cfg) {
        if (cfg.http().apiTokenFile() == null) {
            return new byte[0];
        }
        Permissions.refuseWritableByOthers(cfg.http().apiTokenFile(), "http.api_token_file");
        try {
            return new String(io.driftwarden.yaml.InputFile.read(cfg.http().apiTokenFile(), "http.api_token_file"), StandardCharsets.UTF_8)
                    .strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoadException(cfg.http().apiTokenFile() + ": cannot read the API token: " + e.getMessage());
        }
    }
}
