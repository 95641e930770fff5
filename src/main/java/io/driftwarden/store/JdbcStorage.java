package io.driftwarden.store;

import io.driftwarden.admission.AcceptedRevisions;
import io.driftwarden.approval.ApprovalsSource;
import io.driftwarden.approval.IndexFloor;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.daemon.DaemonStorage;
import io.driftwarden.daemon.Lease;
import io.driftwarden.diff.RevisionImpact;
import io.driftwarden.history.HostMark;
import io.driftwarden.impact.LastAudits;
import io.driftwarden.remedy.EvidenceJournal;
import io.driftwarden.remedy.RemedyStorage;
import io.driftwarden.run.RunStorage;
import io.driftwarden.signoff.Accepted;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The storage ports over one {@link Store}: what the composition root hands the pipeline, the daemon and remedies. */
public final class JdbcStorage {
    /** The advisory lock's key of the cluster's one outbox sender ("dw-outbox" in ASCII). */
    static final long OUTBOX_SENDER = 0x64772d6f7574626fL;

    private JdbcStorage() {}

    /** The run pipeline's ports: run history, the mail outbox, the accepted revisions. */
    public static RunStorage forRuns(Store store) {
        return new RunStorage(
                new JdbcRunJournal(store), new JdbcMailQueue(store), revisions(store), new JdbcWebhookQueue(store));
    }

    /** Opens the store for one remedy (revert, undo, the evidence list, adopt); closing it closes the store. */
    public static RemedyStorage openForRemedy(String url) {
        Store store = Store.open(url);
        return new RemedyStorage() {
            @Override
            public EvidenceJournal evidence() {
                return JdbcStorage.evidence(store);
            }

            @Override
            public AcceptedRevisions revisions() {
                return JdbcStorage.revisions(store);
            }

            @Override
            public LastAudits lastAudits() {
                return JdbcStorage.lastAudits(store);
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    /**
     * Opens the store for the daemon and takes its lease; refused (the store closed again) when another daemon holds
     * it. Closing releases the lease, then closes the store.
     */
    public static DaemonStorage openForDaemon(String url) {
        Store store = Store.open(url);
        StoreLease lease;
        try {
            lease = StoreLease.acquire(store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return new Opened(store, lease, Optional.empty(), lease::close);
    }

    /**
     * Opens the store for a node of a cluster ({@code schedule.cluster}) and joins it as {@code node}; refused (the store
     * closed again) when a daemon that is not clustered holds it. The pool has room for Quartz's threads and its
     * cluster manager beside the store's own transactions. {@code release}: this node's; it claims and finalises the
     * runs of its own release only.
     */
    public static DaemonStorage openForCluster(String url, String node, String release) {
        Store store = Store.open(url, 8);
        ClusterMembership membership;
        try {
            if (!store.postgres()) {
                throw new io.driftwarden.yaml.LoadException("store: a cluster needs PostgreSQL, not " + url);
            }
            membership = ClusterMembership.join(store, node);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        SessionLock sender = new SessionLock(url, OUTBOX_SENDER, "sends the cluster's mail and webhooks");
        DaemonStorage.Cluster cluster = new DaemonStorage.Cluster(
                node,
                new ClusterShards(store, node, release),
                store.dataSource(),
                membership::members,
                membership::member,
                () -> store.clockSamples(5, java.time.Instant::now),
                sender::held);
        return new Opened(store, membership, Optional.of(cluster), () -> {
            sender.close();
            membership.close();
        });
    }

    /** The daemon's ports over one store, with its lease (or membership) held; {@code release} lets go of it. */
    private static final class Opened implements DaemonStorage {
        private final Store store;
        private final Lease lease;
        private final Optional<Cluster> cluster;
        private final Runnable release;
        private final RunStorage runs;
        private final EvidenceJournal evidence;

        Opened(Store store, Lease lease, Optional<Cluster> cluster, Runnable release) {
            this.store = store;
            this.lease = lease;
            this.cluster = cluster;
            this.release = release;
            this.runs = forRuns(store);
            this.evidence = JdbcStorage.evidence(store);
        }

        @Override
        public RunStorage runs() {
            return runs;
        }

        @Override
        public EvidenceJournal evidence() {
            return evidence;
        }

        @Override
        public Lease lease() {
            return lease;
        }

        @Override
        public Optional<Cluster> cluster() {
            return cluster;
        }

        @Override
        public void close() {
            release.run();
            store.close();
        }
    }

    public static EvidenceJournal evidence(Store store) {
        return new JdbcEvidenceJournal(store);
    }

    public static LastAudits lastAudits(Store store) {
        return new LastAudits() {
            @Override
            public Map<String, HostMark> marks() {
                return store.tx(HistoryStore::marks);
            }

            @Override
            public Map<String, Map<String, RevisionImpact.Seen>> lastSeen() {
                return store.tx(HistoryStore::lastSeen);
            }

            @Override
            public Optional<BundleFiles> revision(String digest, Path dir) {
                return store.tx(c -> RevisionStore.bytes(c, digest, dir));
            }

            @Override
            public Optional<Long> serialOf(String digest) {
                return store.tx(c -> RevisionStore.serialOf(c, digest));
            }
        };
    }

    public static AcceptedRevisions revisions(Store store) {
        return new AcceptedRevisions() {
            @Override
            public Optional<Accepted> accepted() {
                return store.tx(RevisionStore::accepted);
            }

            @Override
            public Optional<BundleFiles> acceptedBytes(Path dir) {
                return store.tx(c -> RevisionStore.acceptedBytes(c, dir));
            }

            @Override
            public Map<String, IndexFloor> indexFloors() {
                return store.tx(ApprovalsFloorStore::floors);
            }

            @Override
            public Set<String> selfApproved() {
                return store.tx(SelfApprovedStore::all);
            }

            @Override
            public Optional<ApprovalsSource> lastGood(String source) {
                return store.tx(c -> ApprovalsSnapshotStore.lastGood(c, source));
            }
        };
    }
}
