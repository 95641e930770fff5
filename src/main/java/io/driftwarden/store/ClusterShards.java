package io.driftwarden.store;

import io.driftwarden.cluster.SharedRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster's share of one run, in PostgreSQL's rows and locks rather than a coordinator of our own: a run opened
 * once per scheduled time, its shards claimed with {@code FOR UPDATE SKIP LOCKED} under a lease timed by the
 * database's clock (never a node's), results staged per shard attempt, and the run finalised once by a conditional
 * update. A node that stalls past its lease and wakes up holds an old attempt number: its renewals, results and
 * completion change nothing.
 */
public final class ClusterShards implements SharedRuns {
    /** How long past its deadline a run opened by another release waits for a node of its own to finalise it. */
    static final String OTHER_RELEASE_GRACE = "10 minutes";

    private final Store store;
    private final String node;
    private final String release;

    /**
     * @param node this node's name, as it appears in the rows it owns
     * @param release this node's release: it claims and finalises only the runs its release opened
     */
    public ClusterShards(Store store, String node, String release) {
        this.store = store;
        this.node = node;
        this.release = release;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public boolean open(
            String runId, Instant scheduledFor, Duration deadline, String revision, List<List<String>> shards) {
        return store.tx(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO cluster_runs (run_id, scheduled_for, started_at, deadline_at, started_by, state,"
                            + " revision, release) VALUES (?, ?, clock_timestamp(), clock_timestamp() + ? * INTERVAL"
                            + " '1 millisecond', ?, 'open', ?, ?) ON CONFLICT DO NOTHING")) {
                st.setString(1, runId);
                Store.set(st, 2, scheduledFor);
                st.setLong(3, deadline.toMillis());
                st.setString(4, node);
                st.setString(5, revision);
                st.setString(6, release);
                if (st.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO cluster_shards"
                    + " (run_id, shard, hosts_text, state, attempt) VALUES (?, ?, ?, 'pending', 0)")) {
                for (int i = 0; i < shards.size(); i++) {
                    st.setString(1, runId);
                    st.setInt(2, i);
                    st.setString(3, String.join("\n", shards.get(i)));
                    st.addBatch();
                }
                st.executeBatch();
            }
            return true;
        });
    }

    @Override
    public List<OpenRun> claimable() {
        return store.tx(c -> {
            List<OpenRun> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT r.run_id, r.revision, r.started_at"
                    + " FROM cluster_runs r WHERE r.state = 'open' AND r.deadline_at > clock_timestamp()"
                    + " AND r.release = ? AND EXISTS (SELECT 1 FROM cluster_shards s WHERE s.run_id = r.run_id AND"
                    + " (s.state = 'pending' OR (s.state = 'claimed' AND s.lease_until < clock_timestamp())))"
                    + " ORDER BY r.scheduled_for")) {
                st.setString(1, release);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OpenRun(rs.getString(1), rs.getString(2), Store.instant(rs, "started_at")));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Claims one shard of an open run before its deadline: a pending one, or one whose holder's lease ran out (its
     * attempt number goes up, fencing the old holder). Never waits on a shard another node is claiming.
     */
    @Override
    public Optional<Claim> claim(String runId, Duration lease) {
        return store.tx(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE cluster_shards s SET state = 'claimed', owner = ?,"
                    + " attempt = s.attempt + 1, lease_until = clock_timestamp() + ? * INTERVAL '1 millisecond'"
                    + " WHERE (s.run_id, s.shard) = (SELECT c.run_id, c.shard FROM cluster_shards c"
                    + " JOIN cluster_runs r ON r.run_id = c.run_id"
                    + " WHERE c.run_id = ? AND r.release = ? AND r.state = 'open' AND r.deadline_at > clock_timestamp()"
                    + " AND (c.state = 'pending' OR (c.state = 'claimed' AND c.lease_until < clock_timestamp()))"
                    + " ORDER BY r.scheduled_for, c.attempt, c.shard LIMIT 1 FOR UPDATE OF c SKIP LOCKED)"
                    + " RETURNING s.run_id, s.shard, s.attempt, s.hosts_text")) {
                st.setString(1, node);
                st.setLong(2, lease.toMillis());
                st.setString(3, runId);
                st.setString(4, release);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Claim>empty();
                    }
                    return Optional.of(new Claim(rs.getString(1), rs.getInt(2), rs.getInt(3), hosts(rs.getString(4))));
                }
            }
        });
    }

    @Override
    public boolean renew(Claim claim, Duration lease) {
        return store.tx(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE cluster_shards"
                    + " SET lease_until = clock_timestamp() + ? * INTERVAL '1 millisecond'"
                    + " WHERE run_id = ? AND shard = ? AND attempt = ? AND owner = ? AND state = 'claimed'")) {
                st.setLong(1, lease.toMillis());
                fence(st, 2, claim);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** Keeps results of hosts observed so far; false (nothing kept) when the claim was lost. */
    public boolean stage(Claim claim, Map<String, byte[]> results) {
        return store.tx(c -> held(c, claim) && insert(c, claim, results));
    }

    @Override
    public boolean release(Claim claim) {
        return store.tx(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE cluster_shards SET state = 'pending', owner = NULL,"
                    + " lease_until = NULL WHERE run_id = ? AND shard = ? AND attempt = ? AND owner = ?"
                    + " AND state = 'claimed'")) {
                fence(st, 1, claim);
                return st.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean complete(Claim claim, Map<String, byte[]> results) {
        return store.tx(c -> {
            if (!held(c, claim) || !insert(c, claim, results)) {
                return false;
            }
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE cluster_shards SET state = 'done', lease_until = NULL"
                            + " WHERE run_id = ? AND shard = ? AND attempt = ? AND owner = ?")) {
                fence(st, 1, claim);
                return st.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<String> open() {
        return store.tx(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(
                            "SELECT run_id FROM cluster_runs WHERE state = 'open' ORDER BY scheduled_for");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<String> revision(String runId) {
        return store.tx(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT revision FROM cluster_runs WHERE run_id = ?")) {
                st.setString(1, runId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(String.valueOf(rs.getString(1))) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public Optional<Finalised> latestFinalised() {
        return store.tx(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT run_id, finalised_by FROM cluster_runs"
                            + " WHERE state = 'final' ORDER BY scheduled_for DESC LIMIT 1");
                    ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Finalised(rs.getString(1), rs.getString(2)))
                        : Optional.<Finalised>empty();
            }
        });
    }

    @Override
    public List<String> due() {
        return store.tx(c -> {
            List<String> out = new ArrayList<>();
            // a run of another release is left to its nodes, unless none finalised it well past its deadline
            try (PreparedStatement st = c.prepareStatement("SELECT r.run_id FROM cluster_runs r WHERE r.state = 'open'"
                    + " AND (r.release = ? OR r.deadline_at < clock_timestamp() - INTERVAL '" + OTHER_RELEASE_GRACE
                    + "') AND (r.deadline_at <= clock_timestamp() OR NOT EXISTS (SELECT 1 FROM cluster_shards s"
                    + " WHERE s.run_id = r.run_id AND s.state <> 'done')) ORDER BY r.scheduled_for")) {
                st.setString(1, release);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Within the transaction that records the run: marks it final if it is still open, expires its unfinished shards
     * (a holder's late completion then finds its shard gone), and reads each host once, from the attempt that
     * completed. Empty when another node finalised it first: the caller rolls back.
     */
    public Optional<Finalising> finalise(Connection c, String runId) throws SQLException {
        // another node finalising it holds the row: not waited for (that node may be stalled, and this one's store
        // would stall with it); its commit, or its rollback and the next look, decides
        try (PreparedStatement st = c.prepareStatement(
                "SELECT 1 FROM cluster_runs WHERE run_id = ? AND state = 'open'" + " FOR UPDATE SKIP LOCKED")) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
            }
        }
        Instant startedAt;
        try (PreparedStatement st = c.prepareStatement("UPDATE cluster_runs SET state = 'final', finalised_by = ?,"
                + " finalised_at = clock_timestamp() WHERE run_id = ? AND state = 'open' RETURNING started_at")) {
            st.setString(1, node);
            st.setString(2, runId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                startedAt = Store.instant(rs, "started_at");
            }
        }
        // a holder completing now holds its row: this waits for it, then sees it done (read committed re-reads it)
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE cluster_shards SET state = 'expired' WHERE run_id = ? AND state <> 'done'")) {
            st.setString(1, runId);
            st.executeUpdate();
        }
        Map<String, byte[]> results = new TreeMap<>();
        java.util.Set<String> shardHosts = new java.util.TreeSet<>();
        try (PreparedStatement st =
                c.prepareStatement("SELECT hosts_text FROM cluster_shards WHERE run_id = ? ORDER BY shard")) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    shardHosts.addAll(hosts(rs.getString(1)));
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement("SELECT r.host, r.result FROM cluster_shards s"
                + " JOIN cluster_results r ON r.run_id = s.run_id AND r.shard = s.shard AND r.attempt = s.attempt"
                + " WHERE s.run_id = ? AND s.state = 'done'")) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    results.put(rs.getString(1), rs.getBytes(2));
                }
            }
        }
        List<String> unobserved = shardHosts.stream()
                .filter(h -> !results.containsKey(h)) // an expired shard's, or one its attempt never reported
                .toList();
        try (PreparedStatement st = c.prepareStatement("DELETE FROM cluster_results WHERE run_id = ?")) {
            st.setString(1, runId);
            st.executeUpdate();
        }
        // a day of shards is kept to tell who judged what; the runs themselves stay (a row an hour)
        try (PreparedStatement st = c.prepareStatement(
                "DELETE FROM cluster_shards WHERE run_id IN (SELECT run_id"
                        + " FROM cluster_runs WHERE state = 'final' AND finalised_at < clock_timestamp() - INTERVAL '1 day')")) {
            st.executeUpdate();
        }
        return Optional.of(new Finalising(runId, startedAt, results, unobserved));
    }

    /** Locks the shard's row for this transaction if this claim still holds it. */
    private boolean held(Connection c, Claim claim) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM cluster_shards WHERE run_id = ? AND shard = ?"
                + " AND attempt = ? AND owner = ? AND state = 'claimed' FOR UPDATE")) {
            fence(st, 1, claim);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean insert(Connection c, Claim claim, Map<String, byte[]> results) throws SQLException {
        if (!java.util.Set.copyOf(claim.hosts()).containsAll(results.keySet())) {
            throw new IllegalArgumentException(
                    "shard " + claim.shard() + " of " + claim.runId() + ": results for hosts it does not hold");
        }
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO cluster_results (run_id, shard, attempt, host, result) VALUES (?, ?, ?, ?, ?)"
                        // a host staged again (a retried commit, a complete after a stage) keeps its last result
                        + " ON CONFLICT (run_id, shard, attempt, host) DO UPDATE SET result = EXCLUDED.result")) {
            for (Map.Entry<String, byte[]> e : results.entrySet()) {
                st.setString(1, claim.runId());
                st.setInt(2, claim.shard());
                st.setInt(3, claim.attempt());
                st.setString(4, e.getKey());
                st.setBytes(5, e.getValue());
                st.addBatch();
            }
            st.executeBatch();
        }
        return true;
    }

    private void fence(PreparedStatement st, int from, Claim claim) throws SQLException {
        st.setString(from, claim.runId());
        st.setInt(from + 1, claim.shard());
        st.setInt(from + 2, claim.attempt());
        st.setString(from + 3, node);
    }

    private static List<String> hosts(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
