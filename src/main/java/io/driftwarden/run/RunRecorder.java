package io.driftwarden.run;

import io.driftwarden.admission.Admitted;
import io.driftwarden.approval.ApprovalChanges;
import io.driftwarden.approval.Breadth;
import io.driftwarden.audit.ApprovalSummary;
import io.driftwarden.audit.Audited;
import io.driftwarden.audit.Findings;
import io.driftwarden.audit.RevertNote;
import io.driftwarden.cluster.SharedRuns;
import io.driftwarden.config.Config;
import io.driftwarden.followup.FollowUpStep;
import io.driftwarden.history.EpisodeRules;
import io.driftwarden.history.RevisionChanges;
import io.driftwarden.history.RunHistory;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.inventory.InventoryDiff;
import io.driftwarden.metrics.RunOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The history step of a run, and recording it: one transaction of the {@link RunJournal} under the writers' lock (the
 * accepted revision, the episodes advanced from the stored history, record flags over time, the inventory snapshot).
 * Returns what the store adds to the report: the step, the record flags over time (unused since, stale), the reverts.
 */
final class RunRecorder {
    /**
     * What recording gives the rest of the run: the history step, the approvals with their flags over time, the reverts
     * since the previous run, the changes of what is approved it logged (each mailed once), and the follow-through's
     * step (null: neither deadlines nor webhooks are configured).
     */
    record Recorded(
            RunHistory.Step step,
            ApprovalSummary approvals,
            List<RevertNote> reverts,
            Instant previousRun,
            List<ApprovalChanges.Change> approvalChanges,
            FollowUpStep.Step followUp) {}

    private RunRecorder() {}

    /** The config's episode rules: the one place every history step (recorded, preview, unrecorded) takes them from. */
    static EpisodeRules rules(Config cfg) {
        return new EpisodeRules(cfg.history().flapWindow(), cfg.history().resolveAfter());
    }

    /** A {@code --at} preview's step: computed from the stored history, as a real run would, and not saved. */
    static RunHistory.Step preview(RunJournal journal, Config cfg, Audited r, Inventory inventory) {
        RunJournal.Before now = journal.current(); // one read: a run recorded meanwhile cannot skew the two halves
        return now.history().advance(r, names(inventory), true, rules(cfg), now.changes());
    }

    /**
     * The daemon's step when the store cannot record the run: from the history in memory, with the kept revisions if
     * the store can still be read (else every revision change counts as a change of every file).
     */
    static RunHistory.Step unrecorded(
            RunJournal journal, RunHistory before, Config cfg, Audited r, Inventory inventory, RunOutcome outcome) {
        RevisionChanges changes;
        try {
            changes = journal.revisionChanges();
        } catch (IllegalStateException e) {
            changes = RevisionChanges.UNKNOWN;
        }
        return before.advance(r, names(inventory), outcome.completed(), rules(cfg), changes);
    }

    static Recorded record(
            RunJournal journal, Config cfg, Admitted admitted, Audited r, Inventory inventory, RunOutcome outcome) {
        RunJournal.Recorded done = journal.record(
                recording(cfg, admitted, r, inventory, outcome), decider(cfg, admitted, r, inventory, outcome));
        return recorded(cfg, r, done);
    }

    /** A cluster's run, judged from its nodes' results, and what recording it gave; empty when another node did. */
    record Shared(Findings found, RunOutcome outcome, Recorded recorded) {}

    /**
     * Records a cluster's run in the transaction that finalises it: {@code judge} puts the run together from the
     * results its nodes kept. Empty when another node finalised it first.
     */
    static Optional<Shared> recordShared(
            RunJournal journal,
            Config cfg,
            Admitted admitted,
            Inventory inventory,
            String runId,
            SharedRuns shared,
            Function<SharedRuns.Finalising, Findings> judge) {
        AtomicReference<Findings> found = new AtomicReference<>();
        Optional<RunJournal.Recorded> done = journal.recordShared(
                runId,
                shared,
                fin -> {
                    Findings f = judge.apply(fin);
                    found.set(f);
                    return recording(cfg, admitted, f, inventory, RunOutcome.of(f));
                },
                (recording, before) -> decider(cfg, admitted, found.get(), inventory, RunOutcome.of(found.get()))
                        .apply(before));
        return done.map(d -> new Shared(found.get(), RunOutcome.of(found.get()), recorded(cfg, found.get(), d)));
    }

    private static RunJournal.Recording recording(
            Config cfg, Admitted admitted, Audited r, Inventory inventory, RunOutcome outcome) {
        return new RunJournal.Recording(
                r,
                outcome.label(),
                admitted.toAccept(),
                admitted.files(),
                admitted.approvals().floorsToKeep(),
                admitted.approvalSources(),
                InventoryDiff.snapshot(inventory),
                r.startedAt().minus(cfg.store().retention()));
    }

    /** The run's history step and what follows from it, decided from what the store held before it. */
    private static Function<RunJournal.Before, RunJournal.Entry> decider(
            Config cfg, Admitted admitted, Audited r, Inventory inventory, RunOutcome outcome) {
        Set<String> names = names(inventory);
        List<Breadth.Reach> reach = io.driftwarden.admission.ApprovalsAdmission.reach(inventory);
        // what is approved is tracked for signed runs only: records taken as written are no approvals to log or mail
        boolean signed = admitted.approvals().signed() && !r.standard().unsigned();
        return before -> {
            Map<String, ApprovalChanges.State> after =
                    signed ? ApprovalChanges.states(known(before), admitted.approvals()) : null;
            List<ApprovalChanges.Change> changes =
                    signed ? ApprovalChanges.between(known(before), after, admitted.approvals(), reach) : List.of();
            RunHistory.Step step =
                    before.history().advance(r, names, outcome.completed(), rules(cfg), before.changes());
            FollowUpStep.Step followUp = FollowUpInputs.wanted(cfg)
                    ? FollowUpStep.advance(
                            before.followUp(),
                            FollowUpInputs.of(
                                    cfg, admitted, r, step, names, before.approvals() == null ? List.of() : changes))
                    : null;
            return new RunJournal.Entry(
                    step,
                    r.approvals().advance(before.flags(), r.evaluatedAt()),
                    after,
                    changes,
                    followUp,
                    followUp == null ? List.of() : FollowUpInputs.queued(cfg, followUp));
        };
    }

    private static Recorded recorded(Config cfg, Audited r, RunJournal.Recorded done) {
        Map<String, ApprovalSummary.Mark> marks = done.entry().flags();
        ApprovalSummary approvals = r.approvals()
                .withHistory(marks, r.evaluatedAt(), cfg.approvals().staleAfter());
        return new Recorded(
                done.entry().step(),
                approvals,
                done.before().revertsSinceLastRun(),
                done.before().history().lastRun(),
                // a store that never tracked approvals (new, or upgraded) takes its first states as a baseline: logged,
                // not mailed as news
                done.before().approvals() == null ? List.of() : done.entry().approvalChanges(),
                done.entry().followUp());
    }

    private static Map<String, ApprovalChanges.State> known(RunJournal.Before before) {
        return before.approvals() == null ? Map.of() : before.approvals();
    }

    private static Set<String> names(Inventory inventory) {
        return inventory.hosts().stream().map(Host::name).collect(Collectors.toSet());
    }
}
