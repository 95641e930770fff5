package io.driftwarden.cli;

import io.driftwarden.approval.ApprovalFiles;
import io.driftwarden.approval.Tombstone;
import io.driftwarden.config.Config;
import io.driftwarden.report.AtomicFile;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code approvals withdraw ID}: writes the tombstone {@code <id>.withdrawn} that ends a record for good (in every
 * source, kept forever); an approver signs it, then the index is written again and signed.
 */
@Command(name = "withdraw", description = "Write the tombstone that withdraws a change record; an approver signs it.")
final class ApprovalsWithdrawCommand extends StandardCommand.Base {
    private static final java.util.regex.Pattern ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Parameters(index = "0", description = "the record's id")
    String id;

    @Option(names = "--reason", required = true, description = "why, for the board and the report")
    String reason;

    @Option(names = "--by", required = true, description = "who withdraws it (an approver's principal)")
    String by;

    @Option(
            names = "--source",
            description = "standards or approvals_dir (default: approvals_dir when configured, else standards)")
    String source;

    @Override
    int run(Config cfg) throws IOException {
        if (!ID.matcher(id).matches()) {
            throw new LoadException("withdraw: '" + id + "' is not a record id ([A-Za-z0-9][A-Za-z0-9._-]{0,63})");
        }
        for (String[] v : new String[][] {{"--reason", reason}, {"--by", by}}) {
            if (v[1].isBlank() || v[1].length() > 500 || v[1].chars().anyMatch(Character::isISOControl)) {
                throw new LoadException("withdraw: " + v[0] + " must be one line of at most 500 characters");
            }
        }
        Path dir = ApprovalsCommand.sourceDir(cfg, source);
        Path tombstone = dir.resolve(id + ApprovalFiles.TOMBSTONE_SUFFIX);
        if (Files.exists(tombstone)) {
            throw new LoadException(tombstone + ": already written (a withdrawal is kept forever)");
        }
        Files.createDirectories(dir);
        AtomicFile.write(
                tombstone, new Tombstone(id, Instant.now().truncatedTo(ChronoUnit.SECONDS), by, reason).render());
        PrintWriter out = out();
        out.println("wrote " + tombstone + "; it withdraws " + id + " in every approvals source once an approver"
                + " signs it (namespace driftwarden-approval), e.g.:");
        out.println("  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n driftwarden-approval " + tombstone);
        out.println("  mv " + tombstone + ".sig " + tombstone + ".<your-name>.sig");
        out.println("then write the index again and sign it: driftwarden approvals index");
        out.flush();
        return 0;
    }
}
