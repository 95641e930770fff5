package io.driftwarden.remedy;

import io.driftwarden.revert.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port to the revert evidence: an append-only, hash-chained log whose every link a reader can verify, and the
 * one-revert-per-host lock. Implemented over JDBC in the store; a failure is an {@link IllegalStateException}.
 */
public interface EvidenceJournal {
    /** The chain's first link has this as its predecessor. */
    String GENESIS = "0".repeat(64);

    /** Appends one record with the next id, chained to the last; returns the stored record's id. */
    long append(Evidence e);

    Optional<Evidence> byId(long id);

    /** Every record after {@code after}, oldest first. */
    List<Evidence> since(Instant after);

    /** How many reverts ended each way ({@code success}, {@code failure}, {@code refused}...). */
    Map<String, Long> countsByOutcome();

    /** The id of the evidence that undid {@code id} with every step applied, if any. */
    Optional<Long> undoneBy(long id);

    /**
     * Takes {@code host}'s revert lock for {@code holder}; empty when taken, else who holds it since when. A lock older
     * than {@code staleAfter} belongs to a revert that died and is taken over.
     */
    Optional<String> lock(String host, String holder, Instant now, Duration staleAfter);

    void unlock(String host, String holder);

    /** Empty when every link holds; else the first id whose stored or recomputed hash breaks the chain. */
    Optional<String> verify();
}
