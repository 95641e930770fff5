package io.driftwarden.store;

import io.driftwarden.inventory.InventoryDiff;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The inventory as the previous run saw it, for the report's {@code inventory_changes}. */
public final class InventoryStore {
    private InventoryStore() {}

    /** Empty before the first run: nothing to compare with, so no changes are reported. */
    public static Optional<Map<String, InventoryDiff.Entry>> read(Connection c) throws SQLException {
        Map<String, InventoryDiff.Entry> out = new TreeMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM inventory_snapshot");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.put(
                        rs.getString("host"),
                        new InventoryDiff.Entry(
                                rs.getString("address"), rs.getString("transport"), rs.getString("groups_text")));
            }
        }
        boolean anyRun;
        try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM runs WHERE outcome <> 'failure'");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            anyRun = rs.getLong(1) > 0;
        }
        return anyRun || !out.isEmpty() ? Optional.of(out) : Optional.empty();
    }

    public static void write(Connection c, Map<String, InventoryDiff.Entry> snapshot) throws SQLException {
        Store.replaceRows(
                c,
                "inventory_snapshot",
                "INSERT INTO inventory_snapshot (host, address, transport, groups_text)" + " VALUES (?, ?, ?, ?)",
                snapshot.entrySet(),
                (st, e) -> {
                    st.setString(1, e.getKey());
                    st.setString(2, e.getValue().address());
                    st.setString(3, e.getValue().transport());
                    st.setString(4, e.getValue().groups());
                });
    }
}
