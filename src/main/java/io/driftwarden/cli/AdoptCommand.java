package io.driftwarden.cli;

import io.driftwarden.config.Config;
import io.driftwarden.remedy.Adopt;
import io.driftwarden.store.JdbcStorage;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code adopt --host H --resource R}: fold a hotfix into the standard (section 9). Judges the resource live,
 * prints the bundle patch that makes the standard demand the live values, a fold-in change-record draft, and
 * what the patched bundle would do to every host. Changes nothing: not the host, not the bundle. The command parses;
 * {@link Adopt} does the work.
 */
@Command(
        name = "adopt",
        description = "Print the standard patch and fold-in record draft that adopt a hotfix (changes nothing).")
final class AdoptCommand extends StandardCommand.Base {
    @Option(names = "--host", required = true, description = "inventory host with the hotfix")
    String host;

    @Option(names = "--resource", required = true, description = "resource identity, e.g. file:/etc/ssh/sshd_config")
    String resource;

    @Option(names = "--patch-out", description = "also write the patch to this file")
    Path patchOut;

    @Option(names = "--record-out", description = "also write the change-record draft to this file")
    Path recordOut;

    @Option(
            names = "--shared",
            description = "edit the shared standards' lines (every host they select) instead of a standard for this"
                    + " host alone")
    boolean shared;

    @Override
    int run(Config cfg) {
        return Adopt.run(
                        cfg,
                        config,
                        () -> JdbcStorage.openForRemedy(cfg.store().url()),
                        new Adopt.Request(host, resource, patchOut, recordOut, shared),
                        out())
                .exit();
    }
}
