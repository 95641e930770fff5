package io.driftwarden.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Prunes what is older than {@code store.retention} (at least 90 days): runs and their host outcomes, closed
 * (webhook events delivered or coalesced too; never a pending or dead one)
 * episodes and their events, mails already sent or superseded. Never pruned: open episodes (their first sighting
 * is evidence however old), accepted revisions (rollback protection and the exact bytes audits used), record flags.
 */
public final class Retention {
    private Retention() {}

    public static int prune(Connection c, Instant before) throws SQLException {
        int n = 0;
        n += delete(
                c, "DELETE FROM host_outcomes WHERE run_id IN (SELECT run_id FROM runs WHERE started_at < ?)", before);
        n += delete(c, "DELETE FROM runs WHERE started_at < ?", before);
        n += delete(
                c,
                "DELETE FROM episode_events WHERE episode_id IN (SELECT id FROM episodes WHERE closed_at < ?)",
                before);
        n += delete(c, "DELETE FROM episodes WHERE closed_at < ?", before);
        n += delete(
                c,
                "DELETE FROM outbox WHERE created_at < ? AND (sent_at IS NOT NULL OR superseded_by IS NOT NULL)",
                before);
        // webhook events that left (or were coalesced into one that left); dead letters stay, as pending ones do
        n += delete(
                c,
                "DELETE FROM webhook_deliveries WHERE created_at < ? AND (delivered_at IS NOT NULL"
                        + " OR coalesced_into IS NOT NULL)",
                before);
        return n;
    }

    private static int delete(Connection c, String sql, Instant before) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            Store.set(st, 1, before);
            return st.executeUpdate();
        }
    }
}
