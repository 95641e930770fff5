package io.driftwarden.store;

import io.driftwarden.audit.ApprovalSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** Change-record flags over time (section 3): when each record was last in use and since when it is unused. */
public final class RecordFlagStore {
    private RecordFlagStore() {}

    public static Map<String, ApprovalSummary.Mark> load(Connection c) throws SQLException {
        Map<String, ApprovalSummary.Mark> out = new TreeMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM record_flags");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.put(
                        rs.getString("record_id"),
                        new ApprovalSummary.Mark(
                                Store.instant(rs, "last_in_use_at"), Store.instant(rs, "unused_since")));
            }
        }
        return out;
    }

    public static void save(Connection c, Map<String, ApprovalSummary.Mark> marks) throws SQLException {
        Store.replaceRows(
                c,
                "record_flags",
                "INSERT INTO record_flags (record_id, last_in_use_at, unused_since)" + " VALUES (?, ?, ?)",
                marks.entrySet(),
                (st, e) -> {
                    st.setString(1, e.getKey());
                    Store.set(st, 2, e.getValue().lastInUseAt());
                    Store.set(st, 3, e.getValue().unusedSince());
                });
    }
}
