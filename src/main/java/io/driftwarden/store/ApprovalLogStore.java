package io.driftwarden.store;

import io.driftwarden.approval.ApprovalChanges;
import io.driftwarden.run.RunJournal;
import io.driftwarden.standard.ResourceParser;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is approved (V9): the states the last run saw, and the append-only, hash-chained log of every change of
 * them (each entry's hash covers the previous one's, so an edited or deleted entry breaks the chain).
 */
final class ApprovalLogStore {
    static final String GENESIS = EvidenceStore.GENESIS;

    private ApprovalLogStore() {}

    /**
     * A row no record id can have ({@code *}): the store has tracked what is approved since some run. Before it, the
     * first run's records are a baseline, logged but not mailed as news (a new or upgraded store).
     */
    static final String TRACKED = "*";

    /** The states the last run left, or null when the store has never tracked them. */
    static Map<String, ApprovalChanges.State> states(Connection c) throws SQLException {
        Map<String, ApprovalChanges.State> out = new TreeMap<>();
        boolean tracked = false;
        try (PreparedStatement st =
                        c.prepareStatement("SELECT record_id, sha256, status, reason FROM approval_states");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                if (rs.getString("record_id").equals(TRACKED)) {
                    tracked = true;
                } else {
                    out.put(
                            rs.getString("record_id"),
                            new ApprovalChanges.State(
                                    rs.getString("sha256"), rs.getString("status"), rs.getString("reason")));
                }
            }
        }
        return tracked ? out : null;
    }

    static void saveStates(Connection c, Map<String, ApprovalChanges.State> states, Instant now) throws SQLException {
        Map<String, ApprovalChanges.State> rows = new TreeMap<>(states);
        rows.put(TRACKED, new ApprovalChanges.State(null, "tracked", null));
        Store.replaceRows(
                c,
                "approval_states",
                "INSERT INTO approval_states (record_id, sha256, status, reason, updated_at) VALUES (?, ?, ?, ?, ?)",
                rows.entrySet(),
                (st, e) -> {
                    st.setString(1, e.getKey());
                    st.setString(2, e.getValue().sha256());
                    st.setString(3, e.getValue().status());
                    st.setString(4, e.getValue().reason());
                    Store.set(st, 5, now);
                });
    }

    /** Appends each change under the run lock (the caller's transaction holds it), chained to the last entry. */
    static void append(Connection c, String runId, Instant at, List<ApprovalChanges.Change> changes)
            throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        long id;
        String prev;
        try (PreparedStatement st = c.prepareStatement("SELECT id, hash FROM approval_log ORDER BY id DESC");
                ResultSet rs = st.executeQuery()) {
            id = rs.next() ? rs.getLong(1) : 0;
            prev = id == 0 ? GENESIS : rs.getString(2);
        }
        Instant when = at.truncatedTo(ChronoUnit.MICROS); // what both databases read back
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO approval_log (id, at, run_id, record_id, event,"
                        + " sha256, source, reason, signers, hosts, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ApprovalChanges.Change ch : changes) {
                RunJournal.LogEntry e = new RunJournal.LogEntry(
                        ++id,
                        when,
                        runId,
                        ch.id(),
                        ch.event(),
                        ch.sha256(),
                        ch.source(),
                        ch.reason(),
                        bounded(String.join(
                                ", ",
                                ch.signers().stream()
                                        .map(s -> s.principal() + " " + s.fingerprint())
                                        .toList())),
                        bounded(ch.hosts().size() + ": " + String.join(", ", ch.hosts())));
                String hash = hash(prev, e);
                st.setLong(1, e.id());
                Store.set(st, 2, e.at());
                st.setString(3, e.runId());
                st.setString(4, e.recordId());
                st.setString(5, e.event());
                st.setString(6, e.sha256());
                st.setString(7, e.source());
                st.setString(8, e.reason());
                st.setString(9, e.signers());
                st.setString(10, e.hosts());
                st.setString(11, prev);
                st.setString(12, hash);
                st.addBatch();
                prev = hash;
            }
            st.executeBatch();
        }
    }

    /** The log, oldest first ({@code recordId} null: every record). */
    static List<RunJournal.LogEntry> log(Connection c, String recordId) throws SQLException {
        List<RunJournal.LogEntry> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT * FROM approval_log" + (recordId == null ? "" : " WHERE record_id = ?") + " ORDER BY id")) {
            if (recordId != null) {
                st.setString(1, recordId);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(entry(rs));
                }
            }
        }
        return out;
    }

    /** Empty when every link holds; else the first entry whose stored or recomputed hash breaks the chain. */
    static Optional<String> verify(Connection c) throws SQLException {
        String prev = GENESIS;
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM approval_log ORDER BY id");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                RunJournal.LogEntry e = entry(rs);
                if (!rs.getString("prev_hash").equals(prev)
                        || !rs.getString("hash").equals(hash(prev, e))) {
                    return Optional.of(
                            "approval log entry " + e.id() + " does not match its chain hash: it was altered");
                }
                prev = rs.getString("hash");
            }
        }
        return Optional.empty();
    }

    private static RunJournal.LogEntry entry(ResultSet rs) throws SQLException {
        return new RunJournal.LogEntry(
                rs.getLong("id"),
                Store.instant(rs, "at"),
                rs.getString("run_id"),
                rs.getString("record_id"),
                rs.getString("event"),
                rs.getString("sha256"),
                rs.getString("source"),
                rs.getString("reason"),
                rs.getString("signers"),
                rs.getString("hosts"));
    }

    static String hash(String previous, RunJournal.LogEntry e) {
        StringBuilder b = new StringBuilder();
        for (Object f : new Object[] {
            previous,
            e.id(),
            e.at(),
            e.runId(),
            e.recordId(),
            e.event(),
            e.sha256(),
            e.source(),
            e.reason(),
            e.signers(),
            e.hosts()
        }) {
            String v = f == null ? "\u0000null" : f.toString();
            b.append(v.length()).append(':').append(v).append('\n');
        }
        return ResourceParser.sha256(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String bounded(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 3990) + " ...";
    }
}
