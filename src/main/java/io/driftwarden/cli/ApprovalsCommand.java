package io.driftwarden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwarden.admission.ApprovalsAdmission;
import io.driftwarden.admission.BundleAdmission;
import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.approval.RecordState;
import io.driftwarden.approval.RecordVerdict;
import io.driftwarden.approval.RecordVerdicts;
import io.driftwarden.config.Config;
import io.driftwarden.report.Printable;
import io.driftwarden.signoff.AllowedSigners;
import io.driftwarden.yaml.LoadException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code approvals}: every change record with its state now, the flags knowable without a run (expiring,
 * open_ended), and whether its own approvers authorised it. Read-only: works without a signoff section.
 */
@Command(
        name = "approvals",
        description = "List change records with state, flags and authorisation.",
        synopsisSubcommandLabel = "[COMMAND]",
        subcommands = {ApprovalsShowCommand.class, ApprovalsIndexCommand.class, ApprovalsWithdrawCommand.class})
public final class ApprovalsCommand extends StandardCommand.Base {
    /** The source a board command writes to: {@code --source}, else approvals_dir when configured, else standards. */
    static String sourceName(Config cfg, String given) {
        if (given == null) {
            return cfg.approvalsDir() != null ? ApprovalsSource.APPROVALS_DIR : ApprovalsSource.STANDARDS;
        }
        if (given.equals(ApprovalsSource.APPROVALS_DIR) && cfg.approvalsDir() == null) {
            throw new LoadException("--source approvals_dir: the config sets no approvals_dir");
        }
        if (!given.equals(ApprovalsSource.APPROVALS_DIR) && !given.equals(ApprovalsSource.STANDARDS)) {
            throw new LoadException("--source: must be standards or approvals_dir, got '" + given + "'");
        }
        return given;
    }

    /** Its directory; refused for a git source, whose tree is replaced at the next fetch (work in a working copy). */
    static java.nio.file.Path sourceDir(Config cfg, String given) {
        if (sourceName(cfg, given).equals(ApprovalsSource.APPROVALS_DIR)) {
            if (cfg.approvalsGit() != null) {
                throw new LoadException(
                        "approvals_dir: a git repository (" + cfg.approvalsGit().url() + "): write"
                                + " approvals in your working copy, with a config whose approvals_dir is that directory, then"
                                + " commit and push");
            }
            return cfg.approvalsDir();
        }
        if (cfg.standardsGit() != null) {
            throw new LoadException(
                    "standards: a git repository (" + cfg.standardsGit().url() + "): write approvals in"
                            + " your working copy, with a config whose standards is that directory, then commit and push");
        }
        return cfg.standards().resolve("approvals");
    }

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    String format;

    @Option(names = "--at", description = "judge states at this RFC 3339 instant (default now)")
    String at;

    @Override
    int run(Config cfg) {
        if (!format.equals("text") && !format.equals("json")) {
            throw new LoadException("--format: must be text or json, got '" + format + "'");
        }
        Instant now;
        try {
            now = at == null
                    ? Instant.now()
                    : java.time.OffsetDateTime.parse(at).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new LoadException("--at: must be an RFC 3339 instant with an offset, got '" + at + "'");
        }
        AllowedSigners signers = cfg.signoff() == null
                ? null
                : BundleAdmission.allowedSigners(cfg.signoff().allowedSigners());
        // authorisation and the time rules use the real clock; --at only moves the states
        RecordVerdicts verdicts = ApprovalsAdmission.judge(
                cfg,
                signers,
                storeRead(cfg, io.driftwarden.store.ApprovalsFloorStore::floors),
                storeRead(cfg, io.driftwarden.store.SelfApprovedStore::all),
                inventoryIfAny(cfg),
                Instant.now());
        // the sources' state: on stdout with the text listing; beside JSON (which stays one array) only what is wrong,
        // on stderr
        verdicts.sources().stream()
                .filter(s -> format.equals("text") || s.failed() || !s.notes().isEmpty())
                .forEach(s -> (format.equals("json") ? err() : out()).println(s.summary()));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode list = json.createArrayNode();
        PrintWriter out = out();
        for (RecordVerdict v : verdicts.verdicts()) {
            ChangeRecord r = v.record();
            String authorised = signers == null
                    ? "unknown (no signoff section)"
                    : switch (v.status()) {
                        case EFFECTIVE -> "authorised";
                        case WITHDRAWN -> "withdrawn";
                        case REFUSED -> RecordVerdict.UNAUTHORISED.equals(v.reason()) ? "unauthorised" : "refused";
                    };
            if (r == null) {
                if (format.equals("json")) {
                    ObjectNode n = list.addObject();
                    n.put("id", v.id());
                    n.put("source", v.source());
                    n.put("authorisation", authorised);
                    n.put("reason", v.reason());
                    n.put("problem", v.problem());
                } else {
                    out.printf("%-16s %-14s %s: %s%n", v.id(), "?", v.reason(), Printable.of(v.problem()));
                }
                continue;
            }
            RecordState state = r.state(now);
            List<String> flags = new ArrayList<>(v.flags());
            if (state == RecordState.ACTIVE
                    && Duration.between(now, r.expires())
                                    .compareTo(cfg.approvals().expiringWithin())
                            <= 0) {
                flags.add("expiring");
            }
            if (r.openEnded()) {
                flags.add("open_ended");
            }
            if (format.equals("json")) {
                ObjectNode n = list.addObject();
                n.put("id", r.id());
                n.put("source", v.source());
                n.put("state", state.label());
                n.put("valid_from", r.validFrom().toString());
                n.put("expires", r.expires().toString());
                n.put("authorisation", authorised);
                n.put("reason", v.reason());
                if (!v.effective()) {
                    n.put("problem", v.problem());
                }
                flags.forEach(n.putArray("flags")::add);
                r.approvedBy().forEach(n.putArray("approved_by")::add);
                n.put("ticket", r.ticket());
                n.put("summary", r.summary());
            } else {
                out.printf(
                        "%-16s %-14s expires %s  %s%s%n    %s%n",
                        r.id(),
                        state.label(),
                        r.expires(),
                        v.reason() == null || authorised.equals(v.reason())
                                ? authorised
                                : authorised + " (" + v.reason() + ")",
                        flags.isEmpty() ? "" : "  [" + String.join(", ", flags) + "]",
                        Printable.of(r.summary()));
            }
        }
        if (format.equals("json")) {
            try {
                out.println(json.writeValueAsString(list));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        out.flush();
        return 0;
    }
}
