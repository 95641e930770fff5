package io.driftwarden.cli;

import io.driftwarden.config.Config;
import io.driftwarden.remedy.EvidenceLog;
import io.driftwarden.remedy.RemedyStorage;
import io.driftwarden.remedy.Revert;
import io.driftwarden.remedy.RevertRequest;
import io.driftwarden.remedy.Undo;
import io.driftwarden.store.JdbcStorage;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code revert}: put one resource of one host back to the standard, through the operator's enforce identity
 * (section 9). Judges the resource live, prints the exact plan and its sha256, and changes the host only with
 * {@code --yes} (and only that plan with {@code --plan-sha256}); one revert per host at a time; the host is
 * re-checked after, and every attempt is recorded in the hash-chained evidence. {@code --undo ID} puts a revert back.
 * The command parses; {@link Revert}, {@link Undo} and {@link EvidenceLog} do the work.
 */
@Command(
        name = "revert",
        description = "Put one resource back to the signed standard through the enforce identity (section 9).")
final class RevertCommand extends StandardCommand.Base {
    @Option(names = "--host", description = "inventory host")
    String host;

    @Option(names = "--resource", description = "resource identity, e.g. file:/etc/ssh/sshd_config")
    String resource;

    @Option(names = "--property", description = "only this property (default: every drifting one)")
    String property;

    @Option(names = "--reason", description = "why, for the evidence (required)")
    String reason;

    @Option(names = "--change", description = "the change or incident id, for the evidence")
    String change;

    @Option(names = "--force", description = "revert drift that a change record approves")
    boolean force;

    @Option(names = "--yes", description = "apply the plan (without it, only print it)")
    boolean yes;

    @Option(names = "--plan-sha256", description = "apply only if the plan still has this sha256")
    String planSha;

    @Option(names = "--undo", paramLabel = "EVIDENCE_ID", description = "put back what revert EVIDENCE_ID changed")
    Long undo;

    @Option(names = "--evidence", description = "list the revert evidence and verify its hash chain (changes nothing)")
    boolean evidence;

    @Override
    int run(Config cfg) {
        Supplier<RemedyStorage> store =
                () -> JdbcStorage.openForRemedy(cfg.store().url());
        if (evidence) {
            return EvidenceLog.list(store, out());
        }
        RevertRequest request = new RevertRequest(host, resource, property, reason, change, force, yes, planSha, undo);
        PrintWriter err = spec.commandLine().getErr();
        return (undo == null
                        ? Revert.run(cfg, config, store, request, out(), err)
                        : Undo.run(cfg, config, store, request, out(), err))
                .exit();
    }
}
