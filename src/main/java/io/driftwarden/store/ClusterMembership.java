package io.driftwarden.store;

import io.driftwarden.yaml.LoadException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's membership of the cluster sharing a store: a row of its own beside the single daemon's lease, with a
 * heartbeat timed by the database's clock. Clustered and single nodes on one store are refused both ways (a single
 * daemon would audit beside the cluster, each recording its own runs); {@link #members()} is what {@code /readyz}
 * and the metrics count.
 */
public final class ClusterMembership implements io.driftwarden.daemon.Lease {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);
    static final String PREFIX = "node:";
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** A member silent this long is gone (a third of the single daemon's TTL: members are counted, not leased). */
    static final Duration GONE = Duration.ofSeconds(30);

    private final Store store;
    private final String node;
    private final ScheduledExecutorService beat;
    private volatile boolean member = true;
    private volatile int members = 1;

    private ClusterMembership(Store store, String node) {
        this.store = store;
        this.node = node;
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beat.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Joins the cluster as {@code node}.
     *
     * @throws LoadException when a single daemon (not clustered) holds the store
     */
    public static ClusterMembership join(Store store, String node) {
        String refusal = store.tx(c -> {
            lockLeases(c);
            try (PreparedStatement st = c.prepareStatement("SELECT holder FROM lease WHERE name = 'daemon'"
                    + " AND heartbeat_at > clock_timestamp() - ? * INTERVAL '1 millisecond'")) {
                st.setLong(1, StoreLease.TTL.toMillis());
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
            upsert(c, node);
            return null;
        });
        if (refusal != null) {
            throw new LoadException("store: a daemon without schedule.cluster holds it (" + refusal
                    + "): give every daemon on this store schedule.cluster: true");
        }
        return new ClusterMembership(store, node);
    }

    /** Live members of the cluster on {@code c}'s store (those heard from within {@link #GONE}). */
    static int members(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM lease WHERE name LIKE 'node:%'"
                + " AND heartbeat_at > clock_timestamp() - ? * INTERVAL '1 millisecond'")) {
            st.setLong(1, GONE.toMillis());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** How many nodes were members at the last heartbeat, this one included while its heartbeats land. */
    public int members() {
        return members;
    }

    /** Whether this node's last heartbeat landed. */
    public boolean member() {
        return member;
    }

    /** PostgreSQL's table lock: one joining node or starting daemon at a time decides against the others. */
    static void lockLeases(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("LOCK TABLE lease IN SHARE ROW EXCLUSIVE MODE")) {
            st.execute();
        }
    }

    /** Members unheard for a day are forgotten (a node killed never leaves its row itself). */
    private static void prune(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM lease WHERE name LIKE 'node:%'"
                + " AND heartbeat_at < clock_timestamp() - INTERVAL '1 day'")) {
            st.executeUpdate();
        }
    }

    private static void upsert(Connection c, String node) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO lease (name, holder, host, pid, heartbeat_at)"
                + " VALUES (?, ?, ?, ?, clock_timestamp()) ON CONFLICT (name) DO UPDATE SET heartbeat_at ="
                + " clock_timestamp()")) {
            st.setString(1, key(node));
            st.setString(2, "cluster node " + node);
            st.setString(3, StoreLease.localHost());
            st.setLong(4, ProcessHandle.current().pid());
            st.executeUpdate();
        }
    }

    /** The lease table's name column is 32 characters: a node's row is named by a digest of its id. */
    static String key(String node) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(node.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return PREFIX + java.util.HexFormat.of().formatHex(d, 0, 13);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void heartbeat() {
        try {
            members = store.tx(c -> {
                upsert(c, node);
                prune(c);
                return members(c);
            });
            member = true;
        } catch (RuntimeException | Error e) {
            member = false;
            LOG.warn("cluster heartbeat failed: {}", e.toString());
        }
    }

    /** A member never loses the store as the single daemon's lease can: several hold it at once. */
    @Override
    public void onLost(Runnable action) {}

    @Override
    public void close() {
        beat.shutdownNow();
        try {
            beat.awaitTermination(5, TimeUnit.SECONDS); // a heartbeat in flight must not bring the row back
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.tx(c -> {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM lease WHERE name = ?")) {
                    st.setString(1, key(node));
                    return st.executeUpdate();
                }
            });
        } catch (StoreException e) {
            LOG.warn("cannot leave the cluster (the row ages out by itself): {}", e.getMessage());
        }
    }
}
