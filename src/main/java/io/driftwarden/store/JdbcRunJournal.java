package io.driftwarden.store;

import io.driftwarden.audit.RevertNote;
import io.driftwarden.cluster.SharedRuns;
import io.driftwarden.history.Episode;
import io.driftwarden.history.RevisionChanges;
import io.driftwarden.history.RunHistory;
import io.driftwarden.inventory.InventoryDiff;
import io.driftwarden.revert.Evidence;
import io.driftwarden.run.RunJournal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** {@link RunJournal} over the store's tables: each call one transaction. */
final class JdbcRunJournal implements RunJournal {
    private final Store store;

    JdbcRunJournal(Store store) {
        this.store = store;
    }

    @Override
    public Recorded record(Recording in, Function<Before, Entry> decide) {
        return store.tx(c -> write(c, in, decide));
    }

    @Override
    public Optional<Recorded> recordShared(
            String runId,
            SharedRuns shared,
            Function<SharedRuns.Finalising, Recording> recording,
            BiFunction<Recording, Before, Entry> decide) {
        if (!(shared instanceof ClusterShards shards)) {
            throw new IllegalArgumentException("shared runs of another store: " + shared);
        }
        return store.tx(c -> {
            Optional<SharedRuns.Finalising> fin = shards.finalise(c, runId);
            if (fin.isEmpty()) {
                return Optional.<Recorded>empty(); // another node finalised it: this transaction wrote nothing
            }
            Recording in = recording.apply(fin.get());
            return Optional.of(write(c, in, before -> decide.apply(in, before)));
        });
    }

    private static Recorded write(java.sql.Connection c, Recording in, Function<Before, Entry> decide)
            throws java.sql.SQLException {
        Store.lockRuns(c);
        if (in.accept() != null) {
            RevisionStore.keep(c, in.accept(), in.acceptedFiles(), in.run().startedAt());
        }
        for (var floor : in.indexFloors()) {
            ApprovalsFloorStore.raise(c, floor, in.run().startedAt());
        }
        for (var source : in.goodSources()) {
            ApprovalsSnapshotStore.keep(c, source, in.run().startedAt());
        }
        HistoryStore.Loaded loaded = HistoryStore.load(c);
        Before before = before(c, loaded);
        Entry entry = decide.apply(before);
        HistoryStore.save(c, loaded, in.run(), in.outcome(), entry.step());
        RecordFlagStore.save(c, entry.flags());
        if (entry.approvals() != null) {
            ApprovalLogStore.saveStates(c, entry.approvals(), in.run().startedAt());
        }
        ApprovalLogStore.append(c, in.run().runId(), in.run().startedAt(), entry.approvalChanges());
        if (entry.followUp() != null) {
            FollowUpStore.save(c, entry.followUp().next(), in.run().startedAt());
        }
        WebhookOutbox.enqueue(c, entry.webhooks(), in.run().startedAt());
        InventoryStore.write(c, in.inventory());
        Retention.prune(c, in.pruneBefore());
        return new Recorded(before, entry);
    }

    private static Before before(java.sql.Connection c, HistoryStore.Loaded loaded) throws java.sql.SQLException {
        Instant lastRun = Objects.requireNonNullElse(loaded.history().lastRun(), Instant.EPOCH);
        List<RevertNote> reverts =
                EvidenceStore.since(c, lastRun).stream().map(Evidence::note).toList();
        return new Before(
                loaded.history(),
                RevisionChanges.of(RevisionStore.fileHashes(c)),
                RecordFlagStore.load(c),
                reverts,
                ApprovalLogStore.states(c),
                FollowUpStore.load(c));
    }

    @Override
    public Before current() {
        return store.tx(c -> before(c, HistoryStore.load(c)));
    }

    @Override
    public void keepSelfApproved(Map<String, String> shaById, Instant now) {
        if (!shaById.isEmpty()) {
            store.tx(c -> {
                SelfApprovedStore.keep(c, shaById, now);
                return null;
            });
        }
    }

    @Override
    public List<LogEntry> approvalLog(String recordId) {
        return store.tx(c -> ApprovalLogStore.log(c, recordId));
    }

    @Override
    public Optional<String> verifyApprovalLog() {
        return store.tx(ApprovalLogStore::verify);
    }

    @Override
    public RunHistory history() {
        return store.tx(HistoryStore::load).history();
    }

    @Override
    public RevisionChanges revisionChanges() {
        return RevisionChanges.of(store.tx(RevisionStore::fileHashes));
    }

    @Override
    public Optional<Map<String, InventoryDiff.Entry>> inventorySnapshot() {
        return store.tx(InventoryStore::read);
    }

    @Override
    public void markFailed(String runId) {
        store.tx(c -> {
            HistoryStore.markFailed(c, runId);
            return null;
        });
    }

    @Override
    public void saveFailedRun(String runId, Instant started, Instant finished) {
        store.tx(c -> {
            HistoryStore.saveFailedRun(c, runId, started, finished);
            return null;
        });
    }

    @Override
    public Optional<String> outcome(String runId) {
        return store.tx(c -> HistoryQuery.outcome(c, runId));
    }

    @Override
    public List<Episode> touchedSince(Instant since) {
        return store.tx(c -> HistoryQuery.touchedSince(c, since));
    }

    @Override
    public Optional<Instant> firstRun() {
        return store.tx(HistoryQuery::firstRun);
    }
}
