package io.driftwarden.store;

import io.driftwarden.run.WebhookQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The webhook outbox (V12): static SQL, called inside the caller's transaction. */
final class WebhookOutbox {
    private static final String PENDING = "delivered_at IS NULL AND dead_at IS NULL AND coalesced_into IS NULL";

    private WebhookOutbox() {}

    /** Queues each event once per endpoint (the run's own transaction holds the writers' lock). */
    static void enqueue(Connection c, List<WebhookQueue.Queued> rows, Instant now) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        long id;
        try (PreparedStatement st = c.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM webhook_deliveries");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO webhook_deliveries (id, endpoint, delivery_id, stream_id, seq, event, payload, created_at,"
                        + " attempts, refusals, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)")) {
            for (WebhookQueue.Queued q : rows) {
                st.setLong(1, id++);
                st.setString(2, q.endpoint());
                st.setString(3, q.deliveryId());
                st.setString(4, q.streamId());
                st.setLong(5, q.seq());
                st.setString(6, q.event());
                st.setString(7, q.payload());
                Store.set(st, 8, now);
                Store.set(st, 9, now);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    static List<WebhookQueue.Delivery> due(Connection c, String endpoint, Instant now, int limit) throws SQLException {
        Map<String, List<Row>> streams = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT * FROM webhook_deliveries WHERE endpoint = ? AND " + PENDING + " ORDER BY stream_id, seq")) {
            st.setString(1, endpoint);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Row r = new Row(delivery(rs), Store.instant(rs, "next_attempt_at"));
                    streams.computeIfAbsent(r.d().streamId(), k -> new ArrayList<>())
                            .add(r);
                }
            }
        }
        List<WebhookQueue.Delivery> out = new ArrayList<>();
        for (List<Row> rows : streams.values()) {
            if (out.size() >= limit) {
                break;
            }
            Row head = coalesce(c, rows);
            if (!head.next().isAfter(now)) {
                out.add(head.d());
            }
        }
        return out;
    }

    /** Untried value changes in a row, at the head of a stream, fold into the newest of them. */
    private static Row coalesce(Connection c, List<Row> rows) throws SQLException {
        int i = 0;
        List<Long> folded = new ArrayList<>(rows.get(0).d().coalescedSeqs());
        while (i + 1 < rows.size() && isUntriedValueChange(rows.get(i)) && isUntriedValueChange(rows.get(i + 1))) {
            folded.add(rows.get(i).d().seq());
            folded.addAll(rows.get(i + 1).d().coalescedSeqs());
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE webhook_deliveries SET coalesced_into = ? WHERE id = ?")) {
                st.setString(1, rows.get(i + 1).d().deliveryId());
                st.setLong(2, rows.get(i).d().id());
                st.executeUpdate();
            }
            i++;
        }
        Row head = rows.get(i);
        if (i == 0) {
            return head;
        }
        List<Long> seqs = folded.stream().sorted().distinct().toList();
        try (PreparedStatement st =
                c.prepareStatement("UPDATE webhook_deliveries SET coalesced_seqs = ? WHERE id = ?")) {
            st.setString(1, String.join(",", seqs.stream().map(String::valueOf).toList()));
            st.setLong(2, head.d().id());
            st.executeUpdate();
        }
        WebhookQueue.Delivery d = head.d();
        return new Row(
                new WebhookQueue.Delivery(
                        d.id(),
                        d.endpoint(),
                        d.deliveryId(),
                        d.streamId(),
                        d.seq(),
                        d.event(),
                        d.payload(),
                        d.attempts(),
                        d.refusals(),
                        seqs),
                head.next());
    }

    private static boolean isUntriedValueChange(Row r) {
        return r.d().event().equals("value_changed") && r.d().attempts() == 0;
    }

    static void delivered(Connection c, long id, int status, Instant at) throws SQLException {
        update(
                c,
                "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, delivered_at = ?,"
                        + " last_error = NULL WHERE id = ?",
                status,
                null,
                at,
                id);
    }

    static void retry(Connection c, long id, int status, String error, Instant next, boolean refused)
            throws SQLException {
        update(
                c,
                "UPDATE webhook_deliveries SET attempts = attempts + 1, refusals = refusals + " + (refused ? "1" : "0")
                        + ", last_status = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
                status,
                error,
                next,
                id);
    }

    static void dead(Connection c, long id, int status, String error, Instant at) throws SQLException {
        update(
                c,
                "UPDATE webhook_deliveries SET attempts = attempts + 1, refusals = refusals + 1, last_status = ?,"
                        + " last_error = ?, dead_at = ? WHERE id = ?",
                status,
                error,
                at,
                id);
    }

    private static void update(Connection c, String sql, int status, String error, Instant at, long id)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            st.setInt(i++, status);
            if (sql.contains("last_error = ?")) {
                st.setString(i++, error == null ? null : error.substring(0, Math.min(error.length(), 2000)));
            }
            Store.set(st, i++, at);
            st.setLong(i, id);
            st.executeUpdate();
        }
    }

    static Map<String, WebhookQueue.Stats> stats(Connection c) throws SQLException {
        Map<String, WebhookQueue.Stats> out = new TreeMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT endpoint,"
                        + " COUNT(CASE WHEN " + PENDING + " THEN 1 END) AS pending,"
                        + " COUNT(CASE WHEN dead_at IS NOT NULL THEN 1 END) AS dead,"
                        + " MIN(CASE WHEN " + PENDING + " THEN created_at END) AS oldest"
                        + " FROM webhook_deliveries GROUP BY endpoint");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.put(
                        rs.getString("endpoint"),
                        new WebhookQueue.Stats(rs.getLong("pending"), rs.getLong("dead"), Store.instant(rs, "oldest")));
            }
        }
        return out;
    }

    static List<WebhookQueue.Delivery> deadLetters(Connection c, String endpoint) throws SQLException {
        List<WebhookQueue.Delivery> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT * FROM webhook_deliveries WHERE endpoint = ? AND dead_at IS NOT NULL ORDER BY id")) {
            st.setString(1, endpoint);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(delivery(rs));
                }
            }
        }
        return out;
    }

    private static WebhookQueue.Delivery delivery(ResultSet rs) throws SQLException {
        String seqs = rs.getString("coalesced_seqs");
        return new WebhookQueue.Delivery(
                rs.getLong("id"),
                rs.getString("endpoint"),
                rs.getString("delivery_id"),
                rs.getString("stream_id"),
                rs.getLong("seq"),
                rs.getString("event"),
                rs.getString("payload"),
                rs.getInt("attempts"),
                rs.getInt("refusals"),
                seqs == null || seqs.isEmpty()
                        ? List.of()
                        : Arrays.stream(seqs.split(",")).map(Long::valueOf).toList());
    }

    private record Row(WebhookQueue.Delivery d, Instant next) {}
}
