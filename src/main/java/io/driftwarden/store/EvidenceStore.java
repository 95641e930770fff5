package io.driftwarden.store;

import io.driftwarden.revert.Evidence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The hash-chained revert evidence: append under the run lock, read back, and verify the whole chain. */
public final class EvidenceStore {
    /** The chain's first link has this as its predecessor. */
    public static final String GENESIS = "0".repeat(64);

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
        Evidence x = new Evidence(id, e.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS), e.host(), e.resource(), e.operatorUid(), e.operatorLogin(), e.keyFingerprint(),
                e.reason(), e.changeId(), e.planSha256(), e.planText(), e.output(), e.outcome(), e.undoes(), e.kept());
        try (PreparedStatement st = c.prepareStatement("INSERT INTO revert_evidence (id, at, host, resource, operator_uid,"
                + " operator_login, key_fingerprint, reason, change_id, plan_sha256, plan_text, output, outcome, undoes, kept,"
                + " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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

    /** Empty when every link holds; else the first id whose stored or recomputed hash breaks the chain. */
    public static Optional<String> verify(Connection c) throws SQLException {
        String prev = GENESIS;
        long expected = 1;
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM revert_evidence ORDER BY id"); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Evidence e = read(rs);
                if (e.id() != expected) {
                    return Optional.of("evidence " + expected + " is missing");
                }
                if (!rs.getString("prev_hash").equals(prev) || !rs.getString("hash").equals(e.hash(prev))) {
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
        return new Evidence(rs.getLong("id"), Store.instant(rs, "at"), rs.getString("host"), rs.getString("resource"),
                rs.getString("operator_uid"), rs.getString("operator_login"), rs.getString("key_fingerprint"),
                rs.getString("reason"), rs.getString("change_id"), rs.getString("plan_sha256"), rs.getString("plan_text"),
                rs.getString("output"), rs.getString("outcome"), undoes, rs.getBytes("kept"));
    }
}
