package io.driftwarden.cli;

import io.driftwarden.admission.Admitted;
import io.driftwarden.admission.BundleAdmission;
import io.driftwarden.audit.RequestPlanner;
import io.driftwarden.collect.ProbeScript;
import io.driftwarden.collect.ssh.SshTransport;
import io.driftwarden.config.Config;
import io.driftwarden.config.ConfigLoader;
import io.driftwarden.inventory.Host;
import io.driftwarden.run.ComparisonRules;
import io.driftwarden.run.Inventories;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.ResourceParser;
import io.driftwarden.store.JdbcStorage;
import io.driftwarden.store.Store;
import io.driftwarden.yaml.LoadException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probe}: the root-owned probe of sudo mode, exactly as this version expects it (deploy/ packages it);
 * with {@code --host}, the exact bytes an audit sends to that host now, for a reviewer to read or to replay
 * through OpenSSH's own client (the fleet benchmark's floor does).
 */
@Command(
        name = "probe",
        description = "Print the pinned probe installed at /usr/libexec/driftwarden/probe for sudo mode,"
                + " or with --host what an audit sends to that host.")
public final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sha256", description = "print only the pinned probe's sha256, which every sudo-mode run checks")
    boolean sha;

    @Option(names = "--host", description = "print the standard input an audit gives the probe on this inventory host")
    String host;

    @Option(
            names = "--config",
            description = "config file (default ./driftwarden.yaml)",
            defaultValue = "driftwarden.yaml")
    Path config;

    @Option(names = "--insecure-unsigned", description = "plan from an unsigned bundle (as audit --insecure-unsigned)")
    boolean insecureUnsigned;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (host == null) {
            String pinned = ProbeScript.pinned();
            out.print(sha ? ResourceParser.sha256(pinned.getBytes(StandardCharsets.UTF_8)) + "\n" : pinned);
            out.flush();
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            Config cfg = ConfigLoader.load(config);
            Instant now = Instant.now();
            Admitted admitted;
            try (Store store = Store.open(cfg.store().url())) {
                admitted = BundleAdmission.open(
                        cfg, config, insecureUnsigned, now, JdbcStorage.revisions(store), Inventories.load(cfg));
            }
            Host h = Inventories.host(cfg, host);
            HostPlan.Resolution res = HostPlan.resolve(admitted.bundle().standards(), h.target());
            if (res.failure().isPresent()) {
                err.println(host + ": " + res.failure().get().message());
                return 1;
            }
            if (res.plan().standards().isEmpty()) {
                err.println(host + ": no standard applies: an audit sends it nothing");
                return 1;
            }
            ProbeScript script = ProbeScript.of(RequestPlanner.plan(res.plan().at(now), ComparisonRules.engine(cfg)));
            boolean sudo = cfg.ssh().sudo();
            err.println("# standard input of `" + (sudo ? "sudo -n " + SshTransport.PINNED_PATH : "/bin/sh -s")
                    + "` on " + host + ", " + script.items().size() + " items");
            out.print(sudo ? script.requestLines() : script.text());
            out.flush();
            return 0;
        } catch (LoadException e) {
            e.problems().forEach(err::println);
            return 1;
        } catch (io.driftwarden.store.StoreException | io.driftwarden.audit.ResourceCheck.Refused e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
