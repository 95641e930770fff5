package io.driftwarden.remedy;

import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.config.Config;
import io.driftwarden.revert.Evidence;
import io.driftwarden.revert.RevertPlan;
import io.driftwarden.yaml.LoadException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a revert and an undo share (section 9), so neither can skip it: refused in the daemon's context; run with
 * the store open and the operator's enforce identity loaded; the plan shown before anything changes and applied
 * only with {@code --yes}, as reviewed; and an attempt to change a host that is refused still recorded in the
 * evidence chain, so that it says who tried what, and why not.
 */
final class EnforcedAttempt {
    /** Set in the daemon's environment (systemd unit, container image) and by the daemon process itself. */
    static final String DAEMON_MARK = "DRIFTWARDEN_DAEMON";

    /** The revert or the undo itself. */
    interface Change {
        Outcome apply(EnforcedAttempt attempt);
    }

    final Config cfg;
    final Path configFile;
    final RemedyStorage storage;
    private final PrintWriter out;
    private final PrintWriter err;
    private RevertRequest request;
    private EnforceIdentity enforce;

    private EnforcedAttempt(
            Config cfg,
            Path configFile,
            RemedyStorage storage,
            RevertRequest request,
            PrintWriter out,
            PrintWriter err) {
        this.cfg = cfg;
        this.configFile = configFile;
        this.storage = storage;
        this.request = request;
        this.out = out;
        this.err = err;
    }

    static Outcome run(
            Config cfg,
            Path configFile,
            Supplier<RemedyStorage> open,
            RevertRequest request,
            PrintWriter out,
            PrintWriter err,
            Change change) {
        if (System.getProperty("driftwarden.daemon") != null || System.getenv(DAEMON_MARK) != null) {
            throw new LoadException(
                    "revert: refused in the daemon's context (" + DAEMON_MARK + " is set): the daemon never"
                            + " loads the enforce identity; run revert from an operator's shell");
        }
        request.check();
        try (RemedyStorage storage = open.get()) {
            EnforcedAttempt attempt = new EnforcedAttempt(cfg, configFile, storage, request, out, err);
            try {
                attempt.enforce = EnforceIdentity.load(cfg, configFile);
                return change.apply(attempt);
            } catch (LoadException | ResourceCheck.Refused e) {
                if (request.yes()) { // an attempt to change a host that was refused: the chain says who tried what, and
                    // why not
                    String why = e instanceof LoadException l ? String.join("; ", l.problems()) : e.getMessage();
                    attempt.refused(why);
                }
                throw e;
            }
        }
    }

    RevertRequest request() {
        return request;
    }

    /** An undo names its host and reason once it has read the evidence: a refusal after that is recorded with them. */
    void resolved(RevertRequest request) {
        this.request = request;
    }

    PrintWriter out() {
        return out;
    }

    EnforceIdentity enforce() {
        return enforce;
    }

    private void refused(String why) {
        RevertRequest r = request;
        String what = r.resource() != null ? r.resource() : r.undo() != null ? "undo of evidence " + r.undo() : "-";
        Operator op = Operator.current();
        Evidence e = new Evidence(
                0,
                Instant.now(),
                r.host() == null ? "-" : r.host(),
                what,
                op.uid(),
                op.login(),
                "none",
                r.reason() == null ? "-" : r.reason(),
                r.change(),
                "-",
                "",
                "refused: " + why + "\n",
                "refused",
                r.undo(),
                null,
                null);
        storage.evidence().append(e);
    }

    /** Prints the plan and the steps its undo will leave to the operator; true when it is to be applied now. */
    boolean show(RevertPlan plan, List<String> manual) {
        out.print(plan.text());
        manual.forEach(m -> out.println("not undoable automatically: " + m));
        out.println("plan sha256: " + plan.sha256());
        if (!request.yes()) {
            out.println(
                    "nothing was changed. To apply exactly this plan, run the same command with --yes --plan-sha256 "
                            + plan.sha256());
            out.flush();
            return false;
        }
        String planSha = request.planSha256();
        if (planSha != null && !planSha.equalsIgnoreCase(plan.sha256())) {
            throw new ResourceCheck.Refused(plan.host() + ": the plan changed since it was reviewed (its sha256 is now "
                    + plan.sha256() + ", not " + planSha + "): nothing was applied; review the plan above");
        }
        return true;
    }

    /** Applies the plan through the enforce identity, with the reason and change the evidence records. */
    EvidencedApply applier() {
        return new EvidencedApply(storage.evidence(), enforce, request.reason(), request.change(), out, err);
    }
}
