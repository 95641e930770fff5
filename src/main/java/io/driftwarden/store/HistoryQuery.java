package io.driftwarden.store;

import io.driftwarden.history.Episode;
import io.driftwarden.history.Episode.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads drift episodes and their events back for {@code history --host H [--resource R]}. The table of events
 * holds only what happens within an episode (value changes, reclassifications); its appearance and resolution
 * are read from the episode row, so opening 50,000 episodes writes 50,000 rows, not 100,000.
 */
public final class HistoryQuery {
    private HistoryQuery() {}

    public static List<Episode> episodes(Connection c, String host, String resource) throws SQLException {
        List<Episode> out = new ArrayList<>();
        Map<Long, List<Event>> events = new HashMap<>();
        String where = " WHERE e.host = ?" + (resource == null ? "" : " AND e.resource = ?");
        try (PreparedStatement st =
                c.prepareStatement("SELECT v.* FROM episode_events v JOIN episodes e ON e.id = v.episode_id" + where
                        + " ORDER BY v.at, v.id")) {
            bind(st, host, resource);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    events.computeIfAbsent(rs.getLong("episode_id"), k -> new ArrayList<>())
                            .add(new Event(
                                    Store.instant(rs, "at"),
                                    rs.getString("run_id"),
                                    rs.getString("event"),
                                    rs.getString("classification"),
                                    rs.getString("detail")));
                }
            }
        }
        try (PreparedStatement st =
                c.prepareStatement("SELECT e.*, h.last_ok_at FROM episodes e LEFT JOIN hosts h ON h.host = e.host"
                        + where + " ORDER BY e.resource, e.property, e.first_seen, e.id")) {
            bind(st, host, resource);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Instant closed = Store.instant(rs, "closed_at");
                    // an open episode was last seen at its host's last successful audit
                    Instant lastSeen = closed == null && Store.instant(rs, "last_ok_at") != null
                            ? Store.instant(rs, "last_ok_at")
                            : Store.instant(rs, "last_seen");
                    long id = rs.getLong("id");
                    String classification = rs.getString("classification");
                    List<Event> changes = events.getOrDefault(id, List.of());
                    List<Event> all = new ArrayList<>();
                    // opening and closing live in the episode row; the first reclassification names the opening class
                    String opened = changes.stream()
                            .filter(e -> e.event().equals("reclassified"))
                            .findFirst()
                            .map(Event::detail)
                            .orElse(classification);
                    all.add(new Event(
                            Store.instant(rs, "first_seen"),
                            rs.getString("opened_run"),
                            "appeared",
                            opened,
                            rs.getBoolean("flap") ? "flap" : null));
                    all.addAll(changes);
                    if (closed != null) {
                        all.add(new Event(
                                closed,
                                rs.getString("closed_run"),
                                "resolved",
                                classification,
                                rs.getString("resolved_by")));
                    }
                    out.add(new Episode(
                            id,
                            rs.getString("host"),
                            rs.getString("resource"),
                            rs.getString("property"),
                            classification,
                            rs.getString("approval"),
                            rs.getString("actual_shown"),
                            rs.getString("declared_at"),
                            Store.instant(rs, "first_seen"),
                            Store.instant(rs, "last_clean_at"),
                            lastSeen,
                            rs.getInt("value_changes"),
                            rs.getBoolean("flap"),
                            closed,
                            rs.getString("resolved_by"),
                            all));
                }
            }
        }
        return out;
    }

    /** Episodes that opened or closed after {@code since}, and those still open (for the daily digest). */
    public static List<Episode> touchedSince(Connection c, Instant since) throws SQLException {
        List<Episode> out = new ArrayList<>();
        try (PreparedStatement st =
                c.prepareStatement("SELECT * FROM episodes WHERE first_seen > ? OR closed_at IS NULL"
                        + " OR closed_at > ? ORDER BY host, resource, property, first_seen, id")) {
            Store.set(st, 1, since);
            Store.set(st, 2, since);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Episode(
                            rs.getLong("id"),
                            rs.getString("host"),
                            rs.getString("resource"),
                            rs.getString("property"),
                            rs.getString("classification"),
                            rs.getString("approval"),
                            rs.getString("actual_shown"),
                            rs.getString("declared_at"),
                            Store.instant(rs, "first_seen"),
                            Store.instant(rs, "last_clean_at"),
                            Store.instant(rs, "last_seen"),
                            rs.getInt("value_changes"),
                            rs.getBoolean("flap"),
                            Store.instant(rs, "closed_at"),
                            rs.getString("resolved_by"),
                            List.of()));
                }
            }
        }
        return out;
    }

    /** How a recorded run ended, if it is recorded. */
    public static java.util.Optional<String> outcome(Connection c, String runId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT outcome FROM runs WHERE run_id = ?")) {
            st.setString(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? java.util.Optional.ofNullable(rs.getString(1)) : java.util.Optional.empty();
            }
        }
    }

    /** When the first recorded run started, if any. */
    public static java.util.Optional<Instant> firstRun(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT MIN(started_at) AS t FROM runs");
                ResultSet rs = st.executeQuery()) {
            return rs.next() ? java.util.Optional.ofNullable(Store.instant(rs, "t")) : java.util.Optional.empty();
        }
    }

    private static void bind(PreparedStatement st, String host, String resource) throws SQLException {
        st.setString(1, host);
        if (resource != null) {
            st.setString(2, resource);
        }
    }
}
