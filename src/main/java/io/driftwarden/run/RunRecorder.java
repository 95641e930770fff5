package io.driftwarden.run;

import io.driftwarden.admission.Admitted;
import io.driftwarden.admission.BundleAdmission;
import io.driftwarden.audit.ApprovalSummary;
import io.driftwarden.audit.Audited;
import io.driftwarden.history.EpisodeRules;
import io.driftwarden.history.RevisionChanges;
import io.driftwarden.history.RunHistory;
import io.driftwarden.config.Config;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.inventory.InventoryDiff;
import io.driftwarden.metrics.RunOutcome;
import io.driftwarden.audit.RevertNote;
import io.driftwarden.store.EvidenceStore;
import io.driftwarden.store.HistoryStore;
import io.driftwarden.store.InventoryStore;
import io.driftwarden.store.RecordFlagStore;
import io.driftwarden.store.Retention;
import io.driftwarden.store.RevisionStore;
import io.driftwarden.store.Store;
import io.driftwarden.store.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records one real run in the store, as one transaction under the writers' lock: the accepted revision, the
 * episodes advanced from the stored history, record flags over time, the inventory snapshot. Returns what the store
 * adds to the report: the history step, the record flags over time (unused since, stale), the reverts since.
 */
final class RunRecorder {
    /** The history step, the approvals with their flags over time, the reverts since the previous run (null: none). */
    record Recorded(RunHistory.Step step, ApprovalSummary approvals, List<RevertNote> reverts, Instant previousRun) {}

    private RunRecorder() {}

    /** The config's episode rules: the one place every history step (recorded, preview, unrecorded) takes them from. */
    static EpisodeRules rules(Config cfg) {
        return new EpisodeRules(cfg.history().flapWindow(), cfg.history().resolveAfter());
    }

    /** A {@code --at} preview's step: computed from the stored history, as a real run would, and not saved. */
    static RunHistory.Step preview(Store store, Config cfg, Audited r, Inventory inventory) {
        return store.tx(c -> HistoryStore.load(c).history().advance(r, names(inventory), true, rules(cfg),
                changes(RevisionStore.fileHashes(c))));
    }

    /**
     * The daemon's step when the store cannot record the run: from the history in memory, with the kept revisions if
     * the store can still be read (else every revision change counts as a change of every file).
     */
    static RunHistory.Step unrecorded(Store store, RunHistory before, Config cfg, Audited r, Inventory inventory,
                                      RunOutcome outcome) {
        RevisionChanges changes;
        try {
            changes = changes(store.tx(RevisionStore::fileHashes));
        } catch (StoreException e) {
            changes = RevisionChanges.UNKNOWN;
        }
        return before.advance(r, names(inventory), outcome.completed(), rules(cfg), changes);
    }

    private static Set<String> names(Inventory inventory) {
        return inventory.hosts().stream().map(Host::name).collect(Collectors.toSet());
    }

    static Recorded record(Store store, Config cfg, Admitted admitted, Audited r, Inventory inventory,
                           RunOutcome outcome) {
        Set<String> names = names(inventory);
        return store.tx(c -> {
            Store.lockRuns(c);
            if (admitted.toAccept() != null) {
                RevisionStore.keep(c, admitted.toAccept(), admitted.files(), r.startedAt());
            }
            RevisionChanges changes = changes(RevisionStore.fileHashes(c));
            HistoryStore.Loaded loaded = HistoryStore.load(c);
            RunHistory.Step step = loaded.history().advance(r, names, outcome.completed(), rules(cfg), changes);
            Map<String, ApprovalSummary.Mark> marks = r.approvals().advance(RecordFlagStore.load(c), r.evaluatedAt());
            ApprovalSummary approvals = r.approvals().withHistory(marks, r.evaluatedAt(), cfg.approvals().staleAfter());
            List<RevertNote> reverts = EvidenceStore.since(c, Objects.requireNonNullElse(loaded.history().lastRun(), Instant.EPOCH))
                    .stream().map(e -> new RevertNote(e.id(), e.at(), e.host(), e.resource(), e.operatorLogin(), e.reason(),
                            e.changeId(), e.outcome(), e.undoes())).toList();
            HistoryStore.save(c, loaded, r, outcome.label(), step);
            RecordFlagStore.save(c, marks);
            InventoryStore.write(c, InventoryDiff.snapshot(inventory));
            Retention.prune(c, r.startedAt().minus(cfg.store().retention()));
            return new Recorded(step, approvals, reverts, loaded.history().lastRun());
        });
    }

    /** File-level changes between kept revisions; a revision the store does not have counts as changed. */
    static RevisionChanges changes(Map<String, Map<String, String>> hashes) {
        return (from, to, file) -> {
            if (Objects.equals(from, to)) {
                return false;
            }
            Map<String, String> a = from == null ? null : hashes.get(from);
            Map<String, String> b = to == null ? null : hashes.get(to);
            return a == null || b == null || file == null || !Objects.equals(a.get(file), b.get(file));
        };
    }
}
