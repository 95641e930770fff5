package io.driftwarden.store;

import io.driftwarden.notify.OutgoingMail;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The mail outbox (section 8): a mail is written here before any attempt to send it and stays until sent, so
 * delivery is at least once with a stable Message-ID. Pending report mails are coalesced into the newest, which
 * lists the runs it supersedes; security mails are never coalesced away.
 */
public final class Outbox {
    private Outbox() {}

    /** Adds a mail unless one with its Message-ID exists (a security mail is sent once per refused digest). */
    public static boolean enqueue(Connection c, OutgoingMail m, Instant now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM outbox WHERE message_id = ?")) {
            st.setString(1, m.messageId());
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO outbox (message_id, kind, run_id, created_at, subject,"
                        + " text_body, html_body, supersedes, attempts, next_attempt_at, recipients) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
            st.setString(1, m.messageId());
            st.setString(2, m.kind());
            st.setString(3, m.runId());
            Store.set(st, 4, now);
            st.setString(5, m.subject());
            st.setString(6, m.text());
            st.setString(7, m.html());
            st.setString(8, String.join(" ", m.supersedes()));
            Store.set(st, 9, now);
            st.setString(10, String.join(" ", m.recipients()));
            st.executeUpdate();
        }
        return true;
    }

    /** Coalesces pending reports into the newest, then returns what is due: that report and every due security mail. */
    public static List<OutgoingMail> due(Connection c, Instant now) throws SQLException {
        List<OutgoingMail> reports = pending(c, OutgoingMail.REPORT, null);
        if (reports.size() > 1) {
            OutgoingMail newest = reports.get(reports.size() - 1);
            Set<String> runs = new LinkedHashSet<>();
            Set<String> recipients = new java.util.TreeSet<>(newest.recipients());
            for (OutgoingMail old : reports.subList(0, reports.size() - 1)) {
                runs.addAll(old.supersedes());
                runs.add(old.runId());
                recipients.addAll(old.recipients()); // a routed recipient of a superseded report still hears of it
                try (PreparedStatement st = c.prepareStatement("UPDATE outbox SET superseded_by = ? WHERE id = ?")) {
                    st.setString(1, newest.messageId());
                    st.setLong(2, old.id());
                    st.executeUpdate();
                }
            }
            runs.addAll(newest.supersedes());
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE outbox SET supersedes = ?, recipients = ? WHERE id = ?")) {
                st.setString(1, String.join(" ", runs));
                st.setString(2, String.join(" ", recipients));
                st.setLong(3, newest.id());
                st.executeUpdate();
            }
        }
        List<OutgoingMail> out = new ArrayList<>(pending(c, OutgoingMail.SECURITY, now));
        out.addAll(pending(c, OutgoingMail.DIGEST, now));
        out.addAll(pending(c, OutgoingMail.REPORT, now));
        return out;
    }

    private static List<OutgoingMail> pending(Connection c, String kind, Instant dueBy) throws SQLException {
        List<OutgoingMail> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT * FROM outbox WHERE kind = ? AND sent_at IS NULL" + " AND superseded_by IS NULL"
                        + (dueBy == null ? "" : " AND next_attempt_at <= ?") + " ORDER BY created_at, id")) {
            st.setString(1, kind);
            if (dueBy != null) {
                Store.set(st, 2, dueBy);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String sup = rs.getString("supersedes");
                    String to = rs.getString("recipients");
                    out.add(new OutgoingMail(
                            rs.getLong("id"),
                            rs.getString("message_id"),
                            rs.getString("kind"),
                            rs.getString("run_id"),
                            rs.getString("subject"),
                            rs.getString("text_body"),
                            rs.getString("html_body"),
                            sup.isBlank() ? List.of() : Arrays.asList(sup.split(" ")),
                            to == null || to.isBlank() ? List.of() : Arrays.asList(to.split(" "))));
                }
            }
        }
        return out;
    }

    public static void sent(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE outbox SET sent_at = ?, attempts = attempts + 1," + " last_error = NULL WHERE id = ?")) {
            Store.set(st, 1, now);
            st.setLong(2, id);
            st.executeUpdate();
        }
    }

    public static void failed(Connection c, long id, String error, Instant nextAttempt) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?," + " next_attempt_at = ? WHERE id = ?")) {
            st.setString(1, HistoryStore.cap(error, 2000));
            Store.set(st, 2, nextAttempt);
            st.setLong(3, id);
            st.executeUpdate();
        }
    }

    public static int attempts(Connection c, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT attempts FROM outbox WHERE id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /**
     * The mails waiting to go out (the {@code driftwarden_email_outbox_pending} gauge): every unsent security mail and
     * digest, and one report however many are queued, since the next send coalesces them into the newest. Counted so
     * from the moment a run queues, without coalescing then: a report may be on the wire on the outbox thread.
     */
    public static long pendingCount(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT COUNT(CASE WHEN kind <> ? THEN 1 END),"
                        + " COUNT(CASE WHEN kind = ? THEN 1 END) FROM outbox WHERE sent_at IS NULL AND superseded_by IS NULL")) {
            st.setString(1, OutgoingMail.REPORT);
            st.setString(2, OutgoingMail.REPORT);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) + Math.min(1, rs.getLong(2));
            }
        }
    }

    /** When the newest mail of {@code kind} was queued (the digest's "since"), if any. */
    public static java.util.Optional<Instant> lastQueued(Connection c, String kind) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT MAX(created_at) AS t FROM outbox WHERE kind = ?")) {
            st.setString(1, kind);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? java.util.Optional.ofNullable(Store.instant(rs, "t")) : java.util.Optional.empty();
            }
        }
    }
}
