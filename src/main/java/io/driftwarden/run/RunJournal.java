package io.driftwarden.run;

import io.driftwarden.approval.ApprovalChanges;
import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.IndexFloor;
import io.driftwarden.audit.ApprovalSummary;
import io.driftwarden.audit.Audited;
import io.driftwarden.audit.RevertNote;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.cluster.SharedRuns;
import io.driftwarden.followup.FollowUp;
import io.driftwarden.followup.FollowUpStep;
import io.driftwarden.history.Episode;
import io.driftwarden.history.RevisionChanges;
import io.driftwarden.history.RunHistory;
import io.driftwarden.inventory.InventoryDiff;
import io.driftwarden.signoff.Accepted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The port through which a run keeps its history: what the pipeline needs of the store, and nothing more. Implemented
 * over JDBC in the store; a failure is an {@link IllegalStateException} naming the store.
 */
public interface RunJournal {
    /**
     * What a run's history step is computed from, read under the writers' lock in the transaction that records it.
     * {@code approvals} is what was approved after the last run, or null when the store has never tracked it;
     * {@code followUp} the follow-through's streams, null when the store has never followed them.
     */
    record Before(
            RunHistory history,
            RevisionChanges changes,
            Map<String, ApprovalSummary.Mark> flags,
            List<RevertNote> revertsSinceLastRun,
            Map<String, ApprovalChanges.State> approvals,
            FollowUp followUp) {
        public Before {
            approvals = approvals == null ? null : Map.copyOf(approvals);
        }

        public Before(
                RunHistory history,
                RevisionChanges changes,
                Map<String, ApprovalSummary.Mark> flags,
                List<RevertNote> revertsSinceLastRun,
                Map<String, ApprovalChanges.State> approvals) {
            this(history, changes, flags, revertsSinceLastRun, approvals, null);
        }

        public Before(
                RunHistory history,
                RevisionChanges changes,
                Map<String, ApprovalSummary.Mark> flags,
                List<RevertNote> revertsSinceLastRun) {
            this(history, changes, flags, revertsSinceLastRun, Map.of());
        }
    }

    /**
     * What the run leaves behind, decided from {@link Before}: its history step, the record flags after it, what is
     * approved now (null: left as it was), the changes of it (appended to the approval log), and the follow-through's
     * step (null: the streams are left as they were) with its events queued per webhook endpoint.
     */
    record Entry(
            RunHistory.Step step,
            Map<String, ApprovalSummary.Mark> flags,
            Map<String, ApprovalChanges.State> approvals,
            List<ApprovalChanges.Change> approvalChanges,
            FollowUpStep.Step followUp,
            List<WebhookQueue.Queued> webhooks) {
        public Entry {
            approvals = approvals == null ? null : Map.copyOf(approvals);
            approvalChanges = List.copyOf(approvalChanges);
            webhooks = List.copyOf(webhooks);
        }

        public Entry(
                RunHistory.Step step,
                Map<String, ApprovalSummary.Mark> flags,
                Map<String, ApprovalChanges.State> approvals,
                List<ApprovalChanges.Change> approvalChanges,
                FollowUpStep.Step followUp) {
            this(step, flags, approvals, approvalChanges, followUp, List.of());
        }

        /** No follow-through (neither deadlines nor webhooks are configured): the streams are left as they were. */
        public Entry(
                RunHistory.Step step,
                Map<String, ApprovalSummary.Mark> flags,
                Map<String, ApprovalChanges.State> approvals,
                List<ApprovalChanges.Change> approvalChanges) {
            this(step, flags, approvals, approvalChanges, null);
        }

        /** Leaves what is approved as it was. */
        public Entry(RunHistory.Step step, Map<String, ApprovalSummary.Mark> flags) {
            this(step, flags, null, List.of());
        }
    }

    /** One entry of the append-only approval log. */
    record LogEntry(
            long id,
            Instant at,
            String runId,
            String recordId,
            String event,
            String sha256,
            String source,
            String reason,
            String signers,
            String hosts) {}

    /**
     * A run to record, with what is kept beside it: the revision it newly accepted and its bytes (both null when none),
     * the approvals index floors to raise and the approvals sources to keep as their last good copy, the inventory
     * snapshot, and the horizon before which closed history is pruned.
     */
    record Recording(
            Audited run,
            String outcome,
            Accepted accept,
            BundleFiles acceptedFiles,
            List<IndexFloor> indexFloors,
            List<ApprovalsSource> goodSources,
            Map<String, InventoryDiff.Entry> inventory,
            Instant pruneBefore) {
        public Recording {
            indexFloors = List.copyOf(indexFloors);
            goodSources = List.copyOf(goodSources);
        }

        public Recording(
                Audited run,
                String outcome,
                Accepted accept,
                BundleFiles acceptedFiles,
                Map<String, InventoryDiff.Entry> inventory,
                Instant pruneBefore) {
            this(run, outcome, accept, acceptedFiles, List.of(), List.of(), inventory, pruneBefore);
        }
    }

    /** What recording read and what it wrote. */
    record Recorded(Before before, Entry entry) {}

    /**
     * Records a run as one transaction under the writers' lock (a second writer waits): keeps the accepted revision
     * and raises the approvals index floors,
     * reads {@link Before}, writes the run, its hosts' outcomes, the {@link Entry} {@code decide} returns, the inventory
     * snapshot, and prunes. All of it or nothing.
     */
    Recorded record(Recording recording, Function<Before, Entry> decide);

    /**
     * Records a cluster's run once, as {@link #record} does, in the transaction that finalises it: the run marked final
     * if it is still open, its results read, the recording made of them ({@code recording}), and the entry decided.
     * Empty, with nothing written, when another node finalised it first.
     */
    default Optional<Recorded> recordShared(
            String runId,
            SharedRuns shared,
            Function<SharedRuns.Finalising, Recording> recording,
            java.util.function.BiFunction<Recording, Before, Entry> decide) {
        throw new UnsupportedOperationException("a cluster's runs are recorded in PostgreSQL's store");
    }

    /** What a run's step would start from now, read in one transaction (a preview's basis); nothing is written. */
    Before current();

    /** The history as the last recorded run left it. */
    RunHistory history();

    /** File-level changes between the revisions the store keeps. */
    RevisionChanges revisionChanges();

    /** The inventory as the last recorded run saw it, if any run was recorded. */
    Optional<Map<String, InventoryDiff.Entry>> inventorySnapshot();

    /** A recorded run that failed after all (its report could not be written): its outcome becomes {@code failure}. */
    void markFailed(String runId);

    /** A run that failed before anything of it could be recorded, kept as a failed run for its hour. */
    void saveFailedRun(String runId, Instant started, Instant finished);

    /** How a recorded run ended ({@code success}, {@code partial}, {@code failure}), if it is recorded. */
    Optional<String> outcome(String runId);

    /** Episodes that opened or closed after {@code since}, and those still open (the board's digest). */
    List<Episode> touchedSince(Instant since);

    /** Keeps records found self-approved this run ({@code id -> sha256}); best effort, after the run is recorded. */
    void keepSelfApproved(Map<String, String> shaById, Instant now);

    /** The approval log, oldest first, of one record ({@code recordId} null: of all). */
    List<LogEntry> approvalLog(String recordId);

    /** Empty when the approval log's hash chain holds; else which entry breaks it. */
    Optional<String> verifyApprovalLog();

    /** When the first recorded run started, if any. */
    Optional<Instant> firstRun();
}
