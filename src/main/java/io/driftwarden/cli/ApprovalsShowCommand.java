package io.driftwarden.cli;

import io.driftwarden.admission.ApprovalsAdmission;
import io.driftwarden.admission.BundleAdmission;
import io.driftwarden.approval.Allow;
import io.driftwarden.approval.Breadth;
import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.approval.RecordVerdict;
import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.config.Config;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.report.Printable;
import io.driftwarden.run.RunJournal;
import io.driftwarden.signoff.AllowedSigners;
import io.driftwarden.store.JdbcStorage;
import io.driftwarden.store.Store;
import io.driftwarden.yaml.LoadException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code approvals show ID}: what a signer is about to approve, before signing it: the exact bytes (sha256) and
 * the line that signs them, what the record allows, every host it reaches today, how many approver keys it needs
 * and why, who signed so far, its verdict now, and what the approval log holds of it. Exits 0 when the record
 * would take effect now, 1 otherwise.
 */
@Command(
        name = "show",
        description = "What a change record approves, the hosts it reaches today and the keys it needs.")
final class ApprovalsShowCommand extends StandardCommand.Base {
    @Parameters(index = "0", description = "the record's id")
    String id;

    @Override
    int run(Config cfg) {
        AllowedSigners signers = cfg.signoff() == null
                ? null
                : BundleAdmission.allowedSigners(cfg.signoff().allowedSigners());
        Inventory inventory = inventoryIfAny(cfg);
        List<RunJournal.LogEntry> log;
        RecordVerdicts verdicts;
        try (Store store = Store.open(cfg.store().url())) {
            verdicts = ApprovalsAdmission.judge(
                    cfg,
                    signers,
                    JdbcStorage.revisions(store).indexFloors(),
                    JdbcStorage.revisions(store).selfApproved(),
                    inventory,
                    Instant.now());
            log = JdbcStorage.forRuns(store).journal().approvalLog(id);
        }
        List<RecordVerdict> mine =
                verdicts.verdicts().stream().filter(v -> v.id().equals(id)).toList();
        PrintWriter out = out();
        if (mine.isEmpty()) {
            boolean tombstoned = verdicts.tombstoned().contains(id.toLowerCase(java.util.Locale.ROOT));
            if (log.isEmpty() && !tombstoned) {
                throw new LoadException("approvals show: no record '" + id + "' in any approvals source");
            }
            out.println("record " + id + ": not in any approvals source"
                    + (tombstoned ? " (withdrawn by a tombstone)" : ""));
        }
        List<Breadth.Reach> reach = ApprovalsAdmission.reach(inventory);
        for (RecordVerdict v : mine) {
            out.println("record " + v.id() + " (" + v.source() + "): " + v.file());
            out.println("  sha256 of the file you sign: " + v.sha256());
            out.println("  sign it: ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n driftwarden-approval " + v.file());
            ChangeRecord r = v.record();
            if (r != null) {
                out.println("  summary: " + Printable.of(r.summary()));
                out.println("  approved_by: " + r.approvedBy() + ", approved_at " + r.approvedAt());
                out.println("  valid " + r.validFrom() + " to " + r.expires()
                        + (r.ticket() == null ? "" : ", ticket " + Printable.of(r.ticket())));
                for (Allow a : r.allows()) {
                    out.println("  allows " + Printable.of(a.resource().toString()) + " "
                            + (a.anyProperty() ? "any property" : a.property()) + " = "
                            + (a.openEnded() ? "any value (open-ended)" : Printable.of(String.valueOf(a.value()))));
                }
                List<String> hosts = Breadth.hostsReached(r, reach);
                out.println("  reaches " + hosts.size() + " host(s) of the inventory today"
                        + (hosts.isEmpty() ? "" : ": " + String.join(", ", hosts)));
                List<String> broad = Breadth.reasons(r, reach, ApprovalsAdmission.breadth(cfg));
                if (cfg.signoff() != null) {
                    int required = broad.isEmpty()
                            ? cfg.signoff().approvalsRequired()
                            : Math.max(
                                    cfg.signoff().approvalsRequired(),
                                    cfg.signoff().broadApprovalsRequired());
                    out.println("  needs " + required + " approver key(s) from approved_by"
                            + (broad.isEmpty() ? "" : " (broad: " + String.join("; ", broad) + ")"));
                }
            }
            out.println("  signed so far by: "
                    + (v.signers().isEmpty()
                            ? "nobody whose signature counts"
                            : String.join(
                                    ", ",
                                    v.signers().stream()
                                            .map(s -> s.principal() + " " + s.fingerprint())
                                            .toList())));
            out.println("  now: " + v.summary());
        }
        if (!log.isEmpty()) {
            out.println("approval log:");
            for (RunJournal.LogEntry e : log) {
                out.println("  " + e.at() + " run " + e.runId() + ": " + e.event()
                        + (e.reason() == null ? "" : " (" + e.reason() + ")") + " " + e.sha256()
                        + (e.signers().isEmpty() ? "" : ", signed by " + e.signers()) + ", reaches " + e.hosts());
            }
        }
        out.flush();
        return mine.stream().anyMatch(RecordVerdict::effective) ? 0 : 1;
    }
}
