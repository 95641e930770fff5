package io.driftwarden.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The port to a cluster's shared runs (the store's rows and locks): a run opened once per scheduled time with its
 * shards, shards claimed under a lease timed by the database's clock and fenced by an attempt number, and the run
 * finalised once (by the run journal, in the transaction that records it).
 */
public interface SharedRuns {
    /** A run still open for claims: its id, the standard's revision it is judged against, and its one instant. */
    record OpenRun(String runId, String revision, Instant startedAt) {}

    /** A shard this node holds: the attempt number is its fence. */
    record Claim(String runId, int shard, int attempt, List<String> hosts) {
        public Claim {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * A run being finalised: when it started (its one instant), each observed host's result from the attempt that
     * completed, and the hosts never observed (their shard expired unfinished).
     */
    record Finalising(String runId, Instant startedAt, Map<String, byte[]> results, List<String> unobserved) {
        public Finalising {
            results = Collections.unmodifiableMap(new TreeMap<>(results));
            unobserved = List.copyOf(unobserved);
        }
    }

    /** The newest finalised run, and the node that finalised it. */
    record Finalised(String runId, String finalisedBy) {}

    /** This node's name, as the rows it owns carry it. */
    String node();

    /**
     * Opens the run for {@code scheduledFor} with its shards, due by {@code deadline} from now (the database's now),
     * judged against {@code revision} (null: unsigned).
     *
     * @return false when that time's run exists already (another node started it, or this is a recovered firing)
     */
    boolean open(String runId, Instant scheduledFor, Duration deadline, String revision, List<List<String>> shards);

    /** Open runs before their deadline with a shard to claim (pending, or its holder's lease ran out), oldest first. */
    List<OpenRun> claimable();

    /** Claims one shard of {@code runId}, never waiting on a shard another node is claiming. */
    Optional<Claim> claim(String runId, Duration lease);

    /** Extends the lease; false when the claim was lost (re-claimed after a lapse, or the run finalised). */
    boolean renew(Claim claim, Duration lease);

    /** Hands a shard back unfinished (the node is stopping): pending again at once; false when it was lost already. */
    boolean release(Claim claim);

    /** Keeps the results and marks the shard done, as one; false (nothing kept) when the claim was lost. */
    boolean complete(Claim claim, Map<String, byte[]> results);

    /** Runs not yet finalised, oldest first (a manual run waits while one is open). */
    List<String> open();

    /** The revision of the standard a run is judged against ("null" for an unsigned run), if the run exists. */
    Optional<String> revision(String runId);

    /** The newest run finalised, if any. */
    Optional<Finalised> latestFinalised();

    /** Open runs ready to finalise: every shard done, or the deadline passed. */
    List<String> due();
}
