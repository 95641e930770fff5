package io.driftwarden.store;

import io.driftwarden.followup.FollowUp;
import io.driftwarden.followup.Stream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The follow-through's streams (V11), read and rewritten in the run's own transaction. */
final class FollowUpStore {
    private FollowUpStore() {}

    /** The streams the last run left, or null when the store has never followed them (the next run is a baseline). */
    static FollowUp load(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM follow_up_tracked");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return null;
            }
        }
        Map<String, Stream> out = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM follow_up_streams");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Stream s = new Stream(
                        rs.getString("stream_id"),
                        Stream.Kind.valueOf(rs.getString("kind")),
                        rs.getString("stream_key"),
                        Store.instant(rs, "opened_at"),
                        Store.instant(rs, "anchor_at"),
                        rs.getString("standard"),
                        rs.getInt("level"),
                        Store.instant(rs, "reminded_at"),
                        rs.getLong("seq"),
                        Stream.State.valueOf(rs.getString("state")),
                        rs.getString("cause"),
                        Store.instant(rs, "resolved_at"),
                        rs.getString("marker"));
                out.put(s.id(), s);
            }
        }
        return new FollowUp(out);
    }

    static void save(Connection c, FollowUp f, Instant now) throws SQLException {
        Store.replaceRows(
                c,
                "follow_up_streams",
                "INSERT INTO follow_up_streams (stream_id, kind, stream_key, opened_at, anchor_at, standard, level,"
                        + " reminded_at, seq, state, cause, resolved_at, marker)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                f.all(),
                (st, s) -> {
                    st.setString(1, s.id());
                    st.setString(2, s.kind().name());
                    st.setString(3, s.key());
                    Store.set(st, 4, s.openedAt());
                    Store.set(st, 5, s.anchor());
                    st.setString(6, s.standard());
                    st.setInt(7, s.level());
                    Store.set(st, 8, s.remindedAt());
                    st.setLong(9, s.seq());
                    st.setString(10, s.state().name());
                    st.setString(11, s.cause());
                    Store.set(st, 12, s.resolvedAt());
                    st.setString(13, s.marker());
                });
        try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM follow_up_tracked");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return;
            }
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO follow_up_tracked (since) VALUES (?)")) {
            Store.set(st, 1, now);
            st.executeUpdate();
        }
    }
}
