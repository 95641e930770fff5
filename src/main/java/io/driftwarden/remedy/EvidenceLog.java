package io.driftwarden.remedy;

import io.driftwarden.revert.Evidence;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code revert --evidence}: every revert and undo recorded, who did it with which key and why, and whether the
 * hash chain still holds. Reads the store only: listing the evidence needs no enforce identity and changes nothing.
 */
public final class EvidenceLog {
    private EvidenceLog() {}

    /** Prints the records and the chain's verdict; 0 when the chain is intact, 1 when it is broken. */
    public static int list(Supplier<RemedyStorage> open, PrintWriter out) {
        try (RemedyStorage storage = open.get()) {
            List<Evidence> all = storage.evidence().since(Instant.EPOCH);
            for (Evidence e : all) {
                out.println(e.id() + "  " + e.at() + "  " + e.host() + "  " + e.resource() + "  " + e.outcome()
                        + (e.undoes() == null ? "" : " (undo of " + e.undoes() + ")") + "  by " + e.operatorLogin()
                        + " (uid " + e.operatorUid() + ", key " + e.keyFingerprint() + ")"
                        + (e.changeId() == null ? "" : "  change " + e.changeId()) + "  reason: " + e.reason());
            }
            Optional<String> broken = storage.evidence().verify();
            out.println(all.size() + " records, "
                    + broken.map(b -> "the chain is BROKEN: " + b).orElse("the chain is intact"));
            out.flush();
            return broken.isPresent() ? 1 : 0;
        }
    }
}
