package io.driftwarden.remedy;

import io.driftwarden.collect.ssh.SshTransport;
import io.driftwarden.inventory.Host;
import io.driftwarden.revert.ApplyScript;
import io.driftwarden.revert.Evidence;
import io.driftwarden.revert.PlanJson;
import io.driftwarden.revert.PreparedUndo;
import io.driftwarden.revert.RevertPlan;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one revert (or undo) plan on a host through the enforce identity, under the host's revert lock, and records
 * its evidence whatever happens once the plan was sent: an error after that point makes the outcome {@code failed}
 * with what is known (the steps as reported, the undo plan, the error), so the board sees that the host changed.
 * The undo was prepared before anything ran ({@link PreparedUndo}): nothing left to decide can refuse it here.
 */
final class EvidencedApply {
    /** A revert is bounded by the host timeout; a lock this old belongs to a revert that died. */
    static final Duration LOCK_STALE_AFTER = Duration.ofHours(1);

    static final int EXIT_INCOMPLETE = 4;

    /** The resource judged again after the apply: report lines, and whether what the plan touched is clean now. */
    record Recheck(List<String> lines, boolean clean) {}

    interface AfterApply {
        Recheck after();
    }

    private final EvidenceJournal evidence;
    private final EnforceIdentity enforce;
    private final String reason;
    private final String change;
    private final PrintWriter out;
    private final PrintWriter err;

    EvidencedApply(
            EvidenceJournal evidence,
            EnforceIdentity enforce,
            String reason,
            String change,
            PrintWriter out,
            PrintWriter err) {
        this.evidence = evidence;
        this.enforce = enforce;
        this.reason = reason;
        this.change = change;
        this.out = out;
        this.err = err;
    }

    /** What the apply came to, as far as it got. */
    private static final class Attempt {
        final List<String> report = new ArrayList<>();
        String outcome = "failed";
        String undoPlan;
        byte[] kept;
        String fingerprint;
    }

    /**
     * @param undo the revert's prepared undo, or null when the plan is itself an undo
     * @return the evidence recorded, and the exit code: 0 applied, 1 not run, 4 otherwise
     */
    Outcome run(Host h, RevertPlan plan, ApplyScript.Keep keep, PreparedUndo undo, AfterApply after) {
        Operator op = Operator.current();
        String holder = op.lockHolder();
        evidence.lock(h.name(), holder, Instant.now(), LOCK_STALE_AFTER).ifPresent(other -> {
            throw new io.driftwarden.audit.ResourceCheck.Refused(h.name() + ": another revert is running on this host ("
                    + other + "): one at a time; nothing was applied");
        });
        try (SshTransport ssh = new SshTransport(enforce.settings())) {
            Attempt a = new Attempt();
            try {
                attempt(ssh, h, plan, keep, undo, after, a);
            } catch (RuntimeException
                    | Error e) { // a bug, a lost connection or an exhausted JVM once the plan was sent: still recorded
                a.outcome = "failed";
                a.report.add("error after the plan was sent to " + h.name() + " (the host may have changed; audit it): "
                        + e);
            }
            return record(h, plan, keep, op, a);
        } finally {
            evidence.unlock(h.name(), holder);
        }
    }

    private void attempt(
            SshTransport ssh,
            Host h,
            RevertPlan plan,
            ApplyScript.Keep keep,
            PreparedUndo undo,
            AfterApply after,
            Attempt a) {
        SshTransport.Exec exec =
                ssh.exec(h, enforce.command(), ApplyScript.render(plan, keep).getBytes(StandardCharsets.UTF_8));
        a.fingerprint = ssh.identityFingerprint();
        if (exec.failed() != null) {
            a.outcome = "not-run";
            a.report.add("not applied: " + exec.failed().kind() + ": "
                    + exec.failed().message());
            a.report.add("nothing was run on " + h.name());
            return;
        }
        ApplyScript.Result result = ApplyScript.parse(new String(exec.out(), StandardCharsets.UTF_8));
        a.report.addAll(describe(plan, exec, result));
        List<Integer> done = result.steps().stream()
                .filter(ApplyScript.StepResult::ok)
                .map(ApplyScript.StepResult::index)
                .toList();
        if (undo != null && !done.isEmpty()) {
            PreparedUndo.Undo u = undo.after(done, result.kept(), result.quarantined());
            u.manual().forEach(m -> a.report.add("not undoable automatically: " + m));
            a.undoPlan = PlanJson.write(u.plan());
            a.kept = PlanJson.kept(u.plan());
        }
        Recheck r;
        try {
            r = after.after();
        } catch (RuntimeException e) {
            r = new Recheck(
                    List.of("re-audit failed: " + e + ": the resource's state is unknown; audit the host"), false);
        }
        a.report.addAll(r.lines());
        a.outcome = !result.completed() ? "failed" : r.clean() ? "applied" : "applied-still-drifting";
    }

    private Outcome record(Host h, RevertPlan plan, ApplyScript.Keep keep, Operator op, Attempt a) {
        Evidence e = new Evidence(
                0,
                Instant.now(),
                h.name(),
                plan.resource(),
                op.uid(),
                op.login(),
                a.fingerprint == null ? "unknown" : a.fingerprint,
                reason,
                change,
                plan.sha256(),
                plan.text(),
                String.join("\n", a.report) + "\n",
                a.outcome,
                plan.undoes(),
                keep == ApplyScript.Keep.NONE ? null : a.kept,
                a.undoPlan);
        a.report.forEach(out::println);
        out.flush();
        long id;
        try {
            id = evidence.append(e);
        } catch (RuntimeException x) {
            err.println(h.name() + ": " + plan.resource() + " was " + a.outcome
                    + " (see above) but its evidence could not be" + " recorded: " + x.getMessage()
                    + (a.undoPlan == null ? "" : "; the undo plan: " + a.undoPlan));
            err.flush();
            throw x;
        }
        out.println("evidence " + id + " recorded: " + a.outcome);
        if (a.undoPlan != null) {
            out.println("to put it back: driftwarden revert --undo " + id + " --reason TEXT");
        }
        out.flush();
        return new Outcome(
                a.outcome.equals("applied") ? 0 : a.outcome.equals("not-run") ? 1 : EXIT_INCOMPLETE, id, a.outcome);
    }

    /** Each step as it ended: done, failed (with the host's message), or not run. */
    private static List<String> describe(RevertPlan plan, SshTransport.Exec exec, ApplyScript.Result result) {
        List<String> lines = new ArrayList<>();
        Map<Integer, ApplyScript.StepResult> byIndex = new HashMap<>();
        result.steps().forEach(s -> byIndex.put(s.index(), s));
        for (int i = 1; i <= plan.steps().size(); i++) {
            ApplyScript.StepResult s = byIndex.get(i);
            String what = plan.steps().get(i - 1).shown();
            lines.add(
                    s == null
                            ? "  not run: " + i + ". " + what
                            : s.ok()
                                    ? "  done:    " + i + ". " + what
                                    : "  FAILED:  " + i + ". " + what + ": " + s.message());
        }
        result.quarantined()
                .forEach((i, c) ->
                        lines.add("  the replaced bytes of step " + i + " are quarantined on the host in " + c.path()));
        result.unreadable().forEach(l -> lines.add("  unreadable output line: " + l.replaceAll("\\p{Cntrl}", "?")));
        if (!result.completed()) {
            lines.add(
                    exec.timedOut()
                            ? "the host did not finish within the host timeout: steps after the last 'done' may have run in part"
                            : result.steps().stream().anyMatch(s -> !s.ok())
                                    ? "stopped at the failed step; later steps were not run"
                                    : !result.unreadable().isEmpty()
                                            ? "the host's report could not be read in full: audit the host"
                                            : "the connection ended before the script did (exit " + exec.exit()
                                                    + (exec.err().isBlank()
                                                            ? ""
                                                            : ", "
                                                                    + exec.err()
                                                                            .strip()
                                                                            .lines()
                                                                            .findFirst()
                                                                            .orElse("")
                                                                            .replaceAll("\\p{Cntrl}", "?"))
                                                    + ")");
        }
        return lines;
    }
}
