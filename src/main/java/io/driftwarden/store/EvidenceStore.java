package io.driftwarden.store;

import io.driftwarden.revert.Evidence;
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

/** The hash-chained revert evidence: append under the run lock, read back, and verify the whole chain. */
public final class EvidenceStore {
    /** The chain's first link has this as its predecessor. */
    public static final String GENESIS = io.driftwarden.remedy.EvidenceJournal.GENESIS;

    private EvidenceStore() {}

    /** Appends one record with the next id, chained to the last; returns the stored record's id. */
    public static long append(Connection c, Evidence e) throws SQLException {
        Store.lockRuns(c);
        long id;
        String prev;
        try (PreparedStatement st = c.prepareStatement("SELECT id, hash FROM revert_evidence ORDER BY id DESC");
                ResultSet rs = st.executeQuery()) {
            id = rs.next() ? rs.getLong(1) + 1 : 1;
            prev = id == 1 ? GENESIS : rs.getString(2);
        }
        // both databases keep microseconds: hash what will be read back
        Evidence x = new Evidence(
                id,
                e.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                e.host(),
                e.resource(),
                e.operatorUid(),
                e.operatorLogin(),
                e.keyFingerprint(),
                e.reason(),
                e.changeId(),
                e.planSha256(),
                e.planText(),
                e.output(),
                e.outcome(),
                e.undoes(),
                e.kept(),
                e.undoPlan());
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO revert_evidence (id, at, host, resource, operator_uid,"
                        + " operator_login, key_fingerprint, reason, change_id, plan_sha256, plan_text, output, outcome, undoes, kept,"
                        + " prev_hash, hash, undo_plan) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setLong(1, id);
            Store.set(st, 2, x.at());
            st.setString(3, x.host());
            st.setString(4, x.resource());
            st.setString(5, x.operatorUid());
            st.setString(6, x.operatorLogin());
            st.setString(7, x.keyFingerprint());
            st.setString(8, x.reason());
            st.setString(9, x.changeId());
            st.setString(10, x.planSha256());
            st.setString(11, x.planText());
            st.setString(12, x.output());
            st.setString(13, x.outcome());
            st.setObject(14, x.undoes());
            st.setBytes(15, x.kept());
            st.setString(16, prev);
            st.setString(17, x.hash(prev));
            st.setString(18, x.undoPlan());
            st.executeUpdate();
        }
        return id;
    }

    public static Optional<Evidence> byId(Connection c, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM revert_evidence WHERE id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The records appended after {@code after} (exclusive), oldest first: what the next report shows. */
    public static List<Evidence> since(Connection c, Instant after) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM revert_evidence WHERE at > ? ORDER BY id")) {
            Store.set(st, 1, after);
            List<Evidence> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    /** How many records each outcome has, for {@code driftwarden_reverts_total}. */
    public static Map<String, Long> countsByOutcome(Connection c) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (PreparedStatement st =
                        c.prepareStatement("SELECT outcome, COUNT(*) FROM revert_evidence GROUP BY outcome");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** The id of the evidence that undid {@code id} with every step applied, if any. */
    public static Optional<Long> undoneBy(Connection c, long id) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("SELECT id FROM revert_evidence WHERE undoes = ? AND outcome = 'applied'")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * Takes {@code host}'s revert lock for {@code holder}; empty when taken, else who holds it since when. A lock
     * older than {@code staleAfter} belongs to a revert that died and is taken over.
     */
    public static Optional<String> lock(Connection c, String host, String holder, Instant now, Duration staleAfter)
            throws SQLException {
        Store.lockRuns(c);
        try (PreparedStatement st = c.prepareStatement("SELECT holder, since FROM revert_locks WHERE host = ?")) {
            st.setString(1, host);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    Instant since = Store.instant(rs, "since");
                    if (since.plus(staleAfter).isAfter(now)) {
                        return Optional.of(rs.getString("holder") + " since " + since);
                    }
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement("DELETE FROM revert_locks WHERE host = ?")) {
            st.setString(1, host);
            st.executeUpdate();
        }
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO revert_locks (host, holder, since) VALUES (?, ?, ?)")) {
            st.setString(1, host);
            st.setString(2, holder);
            Store.set(st, 3, now);
            st.executeUpdate();
        }
        return Optional.empty();
    }

    public static void unlock(Connection c, String host, String holder) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM revert_locks WHERE host = ? AND holder = ?")) {
            st.setString(1, host);
            st.setString(2, holder);
            st.executeUpdate();
        }
    }

    /** Empty when every link holds; else the first id whose stored or recomputed hash breaks the chain. */
    public static Optional<String> verify(Connection c) throws SQLException {
        String prev = GENESIS;
        long expected = 1;
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM revert_evidence ORDER BY id");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Evidence e = read(rs);
                if (e.id() != expected) {
                    return Optional.of("evidence " + expected + " is missing");
                }
                if (!rs.getString("prev_hash").equals(prev)
                        || !rs.getString("hash").equals(e.hash(prev))) {
                    return Optional.of("evidence " + e.id() + " does not match its chain hash: it was altered");
                }
                prev = rs.getString("hash");
                expected++;
            }
        }
        return Optional.empty();
    }

    private static Evidence read(ResultSet rs) throws SQLException {
        Long undoes = rs.getObject("undoes") == null ? null : rs.getLong("undoes");
        return new Evidence(
                rs.getLong("id"),
                Store.instant(rs, "at"),
                rs.getString("host"),
                rs.getString("resource"),
                rs.getString("operator_uid"),
                rs.getString("operator_login"),
                rs.getString("key_fingerprint"),
                rs.getString("reason"),
                rs.getString("change_id"),
                rs.getString("plan_sha256"),
                rs.getString("plan_text"),
                rs.getString("output"),
                rs.getString("outcome"),
                undoes,
                rs.getBytes("kept"),
                rs.getString("undo_plan"));
    }
}
