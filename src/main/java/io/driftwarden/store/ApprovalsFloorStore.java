package io.driftwarden.store;

import io.driftwarden.approval.IndexFloor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The approvals index floors (V7): the highest serial seen per source, raised only, never pruned. */
public final class ApprovalsFloorStore {
    private ApprovalsFloorStore() {}

    public static Map<String, IndexFloor> floors(Connection c) throws SQLException {
        Map<String, IndexFloor> out = new TreeMap<>();
        try (PreparedStatement st =
                        c.prepareStatement("SELECT source, serial, digest, index_bytes FROM approvals_floor");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.put(
                        rs.getString("source"),
                        new IndexFloor(
                                rs.getString("source"),
                                rs.getLong("serial"),
                                rs.getString("digest"),
                                rs.getBytes("index_bytes")));
            }
        }
        return out;
    }

    /** Raises a source's floor to {@code f} when its serial is higher (the same serial is the same index: judged). */
    static void raise(Connection c, IndexFloor f, Instant now) throws SQLException {
        IndexFloor before = floors(c).get(f.source());
        if (before != null && before.serial() >= f.serial()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement(
                before == null
                        ? "INSERT INTO approvals_floor (serial, digest, index_bytes, seen_at, source) VALUES (?, ?, ?, ?, ?)"
                        : "UPDATE approvals_floor SET serial = ?, digest = ?, index_bytes = ?, seen_at = ? WHERE source = ?")) {
            st.setLong(1, f.serial());
            st.setString(2, f.digest());
            st.setBytes(3, f.index());
            Store.set(st, 4, now);
            st.setString(5, f.source());
            st.executeUpdate();
        }
    }
}
