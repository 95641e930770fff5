package io.driftwarden.remedy;

import io.driftwarden.config.Config;
import io.driftwarden.revert.Evidence;
import io.driftwarden.store.EvidenceStore;
import io.driftwarden.store.Store;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code revert --evidence}: every revert and undo recorded, who did it with which key and why, and whether the
 * hash chain still holds. Reads the store only: listing the evidence needs no enforce identity and changes nothing.
 */
public final class EvidenceLog {
    private EvidenceLog() {}

    /** Prints the records and the chain's verdict; 0 when the chain is intact, 1 when it is broken. */
    public static int list(Config cfg, PrintWriter out) {
        try (Store store = Store.open(cfg.store().url())) {
            List<Evidence> all = store.tx(c -> EvidenceStore.since(c, Instant.EPOCH));
            for (Evidence e : all) {
                out.println(e.id() + "  " + e.at() + "  " + e.host() + "  " + e.resource() + "  " + e.outcome()
                        + (e.undoes() == null ? "" : " (undo of " + e.undoes() + ")") + "  by " + e.operatorLogin()
                        + " (uid " + e.operatorUid() + ", key " + e.keyFingerprint() + ")"
                        + (e.changeId() == null ? "" : "  change " + e.changeId()) + "  reason: " + e.reason());
            }
            Optional<String> broken = store.tx(EvidenceStore::verify);
            out.println(all.size() + " records, " + broken.map(b -> "the chain is BROKEN: " + b).orElse("the chain is intact"));
            out.flush();
            return broken.isPresent() ? 1 : 0;
        }
    }
}
