package io.driftwarden.daemon;

import io.driftwarden.cluster.ClockSkew;
import io.driftwarden.cluster.SharedRuns;
import io.driftwarden.remedy.EvidenceJournal;
import io.driftwarden.run.RunStorage;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * What the daemon keeps in storage, as ports, with the one-daemon lease (or, for a cluster's node, its membership)
 * already held: opened once at start, closed (lease released, store closed) at the end of the shutdown.
 */
public interface DaemonStorage extends AutoCloseable {
    RunStorage runs();

    EvidenceJournal evidence();

    Lease lease();

    /**
     * A cluster node's share of the store: the shared runs, the pool Quartz keeps the cluster's schedule in, the live
     * members, readings of the database's clock against ours, and whether this node is the one that sends what the
     * outboxes hold (one node at a time, so a mail or webhook is not sent by two).
     */
    record Cluster(
            String node,
            SharedRuns runs,
            DataSource pool,
            IntSupplier members,
            java.util.function.BooleanSupplier member,
            Supplier<List<ClockSkew.Sample>> clock,
            java.util.function.BooleanSupplier sender) {}

    /** Empty for one node. */
    default Optional<Cluster> cluster() {
        return Optional.empty();
    }

    @Override
    void close();
}
