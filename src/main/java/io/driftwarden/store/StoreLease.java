package io.driftwarden.store;

import io.driftwarden.yaml.LoadException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon per store (section 6): a heartbeat row. A holder whose heartbeat is older than the TTL, or whose
 * process is gone from this very machine, is taken over; any other holder makes a second daemon exit naming it.
 */
public final class StoreLease implements io.driftwarden.daemon.Lease {
    private static final Logger LOG = LoggerFactory.getLogger(StoreLease.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(20);
    static final Duration TTL = Duration.ofSeconds(90);
    private final Store store;
    private final String host;
    private final long pid;
    private final ScheduledExecutorService beat;
    private volatile Runnable onLost = () -> {};

    private StoreLease(Store store, String host, long pid) {
        this.store = store;
        this.host = host;
        this.pid = pid;
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beat.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * What to do when a heartbeat finds the lease taken by another daemon (ours had lapsed: a stalled store, a
     * paused process): the daemon stops rather than run beside the new holder. Called once.
     */
    public void onLost(Runnable action) {
        this.onLost = action;
    }

    public static StoreLease acquire(Store store) {
        String host = localHost();
        long pid = ProcessHandle.current().pid();
        String refusal = store.tx(c -> {
            Instant now = Instant.now();
            if (store.postgres()) { // a cluster can share only PostgreSQL's store
                ClusterMembership.lockLeases(c);
                int members = ClusterMembership.members(c);
                if (members > 0) {
                    return "store: " + members
                            + " cluster node(s) share it: give this daemon schedule.cluster: true to join them";
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT * FROM lease WHERE name = 'daemon' FOR UPDATE");
                    ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    String holderHost = rs.getString("host");
                    long holderPid = rs.getLong("pid");
                    Instant beat = Store.instant(rs, "heartbeat_at");
                    boolean self = holderHost.equals(host) && holderPid == pid;
                    boolean gone = holderHost.equals(host)
                            && ProcessHandle.of(holderPid)
                                    .map(p -> !p.isAlive())
                                    .orElse(true);
                    boolean stale = beat.isBefore(now.minus(TTL));
                    if (!self && !gone && !stale) {
                        return "store: another daemon holds the lease (" + rs.getString("holder") + ", last heartbeat "
                                + beat + ")";
                    }
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM lease WHERE name = 'daemon'")) {
                        del.executeUpdate();
                    }
                }
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO lease (name, holder, host, pid, heartbeat_at)" + " VALUES ('daemon', ?, ?, ?, ?)")) {
                ins.setString(1, "pid " + pid + " on " + host + " since " + now);
                ins.setString(2, host);
                ins.setLong(3, pid);
                Store.set(ins, 4, now);
                ins.executeUpdate();
            }
            return null;
        });
        if (refusal != null) {
            throw new LoadException(refusal);
        }
        return new StoreLease(store, host, pid);
    }

    void heartbeat() { // package-private: the store contract calls it rather than wait 20 s
        try {
            int held = store.tx(c -> {
                try (PreparedStatement st = c.prepareStatement(
                        "UPDATE lease SET heartbeat_at = ? WHERE name = 'daemon'" + " AND host = ? AND pid = ?")) {
                    Store.set(st, 1, Instant.now());
                    st.setString(2, host);
                    st.setLong(3, pid);
                    return st.executeUpdate();
                }
            });
            if (held == 0) {
                LOG.error("lease lost: another daemon took the store's lease after our heartbeats lapsed; stopping");
                Runnable lost = onLost;
                onLost = () -> {};
                lost.run();
            }
        } catch (RuntimeException | Error e) {
            // an exception would end the scheduled heartbeats for good, silently, and let a second daemon in
            LOG.warn("lease heartbeat failed: {}", e.toString());
        }
    }

    static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    @Override
    public void close() {
        beat.shutdownNow();
        try {
            store.tx(c -> {
                try (PreparedStatement st =
                        c.prepareStatement("DELETE FROM lease WHERE name = 'daemon' AND host = ? AND pid = ?")) {
                    st.setString(1, host);
                    st.setLong(2, pid);
                    return st.executeUpdate();
                }
            });
        } catch (StoreException e) {
            LOG.warn("cannot release the lease (it expires by itself): {}", e.getMessage());
        }
    }
}
