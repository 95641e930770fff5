package io.driftwarden.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Records found self-approved (V10), by id and sha256: kept, never pruned. */
public final class SelfApprovedStore {
    private SelfApprovedStore() {}

    /** {@code id sha256} of every record found self-approved. */
    public static Set<String> all(Connection c) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (PreparedStatement st = c.prepareStatement("SELECT record_id, sha256 FROM self_approved");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    static void keep(Connection c, Map<String, String> shaById, Instant now) throws SQLException {
        Set<String> have = all(c);
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO self_approved (record_id, sha256, flagged_at) VALUES (?, ?, ?)")) {
            for (var e : shaById.entrySet()) {
                if (have.add(e.getKey() + " " + e.getValue())) {
                    st.setString(1, e.getKey());
                    st.setString(2, e.getValue());
                    Store.set(st, 3, now);
                    st.addBatch();
                }
            }
            st.executeBatch();
        }
    }
}
