package io.driftwarden.store;

import io.driftwarden.approval.ApprovalsSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The last good copy of each approvals source (V8): replaced when the source's digest changes, never pruned. */
final class ApprovalsSnapshotStore {
    private ApprovalsSnapshotStore() {}

    static Optional<ApprovalsSource> lastGood(Connection c, String source) throws SQLException {
        Instant taken;
        try (PreparedStatement st = c.prepareStatement("SELECT taken_at FROM approvals_snapshot WHERE source = ?")) {
            st.setString(1, source);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                taken = Store.instant(rs, "taken_at");
            }
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (PreparedStatement st =
                c.prepareStatement("SELECT name, content FROM approvals_snapshot_files WHERE source = ?")) {
            st.setString(1, source);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    files.put(rs.getString("name"), rs.getBytes("content"));
                }
            }
        }
        return Optional.of(
                ApprovalsSource.read(source, "store: copy of " + source + " kept " + taken, files, List.of()));
    }

    /** Keeps {@code s} as its source's last good copy, unless the kept one has the same digest. */
    static void keep(Connection c, ApprovalsSource s, Instant now) throws SQLException {
        String digest = s.digest();
        try (PreparedStatement st = c.prepareStatement("SELECT digest FROM approvals_snapshot WHERE source = ?")) {
            st.setString(1, s.name());
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next() && rs.getString(1).equals(digest)) {
                    return;
                }
            }
        }
        for (String sql : new String[] {
            "DELETE FROM approvals_snapshot_files WHERE source = ?", "DELETE FROM approvals_snapshot WHERE source = ?"
        }) {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, s.name());
                st.executeUpdate();
            }
        }
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO approvals_snapshot (source, digest, taken_at) VALUES (?, ?, ?)")) {
            st.setString(1, s.name());
            st.setString(2, digest);
            Store.set(st, 3, now);
            st.executeUpdate();
        }
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO approvals_snapshot_files (source, name, content) VALUES (?, ?, ?)")) {
            for (var e : s.files().entrySet()) {
                st.setString(1, s.name());
                st.setString(2, e.getKey());
                st.setBytes(3, e.getValue());
                st.addBatch();
            }
            st.executeBatch();
        }
    }
}
