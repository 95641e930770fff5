package io.driftwarden.store;

import io.driftwarden.remedy.EvidenceJournal;
import io.driftwarden.revert.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link EvidenceJournal} over the {@code evidence} and {@code revert_locks} tables ({@link EvidenceStore}). */
final class JdbcEvidenceJournal implements EvidenceJournal {
    private final Store store;

    JdbcEvidenceJournal(Store store) {
        this.store = store;
    }

    @Override
    public long append(Evidence e) {
        return store.tx(c -> EvidenceStore.append(c, e));
    }

    @Override
    public Optional<Evidence> byId(long id) {
        return store.tx(c -> EvidenceStore.byId(c, id));
    }

    @Override
    public List<Evidence> since(Instant after) {
        return store.tx(c -> EvidenceStore.since(c, after));
    }

    @Override
    public Map<String, Long> countsByOutcome() {
        return store.tx(EvidenceStore::countsByOutcome);
    }

    @Override
    public Optional<Long> undoneBy(long id) {
        return store.tx(c -> EvidenceStore.undoneBy(c, id));
    }

    @Override
    public Optional<String> lock(String host, String holder, Instant now, Duration staleAfter) {
        return store.tx(c -> EvidenceStore.lock(c, host, holder, now, staleAfter));
    }

    @Override
    public void unlock(String host, String holder) {
        store.tx(c -> {
            EvidenceStore.unlock(c, host, holder);
            return null;
        });
    }

    @Override
    public Optional<String> verify() {
        return store.tx(EvidenceStore::verify);
    }
}
