package io.driftwarden.cli;

import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.daemon.Daemon;
import io.driftwarden.store.JdbcStorage;
import io.driftwarden.yaml.LoadException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code daemon}: scheduled noop runs and the HTTP listeners, until SIGTERM. */
@Command(name = "daemon", description = "Run the audit on schedule.cron and serve /metrics until SIGTERM.")
public final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            defaultValue = "driftwarden.yaml",
            description = "config file (default ./driftwarden.yaml)")
    Path config;

    @Option(
            names = "--insecure-unsigned",
            description = "audit an unsigned bundle (demos only; metrics and reports say UNSIGNED)")
    boolean insecureUnsigned;

    @Override
    public Integer call() throws InterruptedException {
        try {
            String version = Main.class.getPackage().getImplementationVersion();
            Config cfg = ConfigLoader.load(config);
            Daemon.run(
                    cfg,
                    config,
                    insecureUnsigned,
                    version == null ? "dev" : version,
                    () -> cfg.schedule().clustered()
                            ? JdbcStorage.openForCluster(
                                    cfg.store().url(),
                                    io.driftwarden.cluster.NodeId.generate(),
                                    version == null ? "dev" : version)
                            : JdbcStorage.openForDaemon(cfg.store().url()));
            return 0;
        } catch (LoadException e) {
            e.problems().forEach(spec.commandLine().getErr()::println);
            return 1;
        }
    }
}
