package io.driftwarden.store;

import io.driftwarden.audit.Audited;
import io.driftwarden.audit.DriftEvent;
import io.driftwarden.audit.DriftKey;
import io.driftwarden.audit.HostResult;
import io.driftwarden.diff.NotChecked;
import io.driftwarden.diff.RevisionImpact;
import io.driftwarden.history.ClosedEpisode;
import io.driftwarden.history.HostMark;
import io.driftwarden.history.OpenDrift;
import io.driftwarden.history.RunHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the history a run starts from and writes what the run changed: the run, its host outcomes, the
 * episodes (inserted when opened, updated only when something about them changed, closed with the reason)
 * and their events. An open episode's last sighting is its host's last successful audit, so a steady fleet
 * costs no episode writes at all.
 */
public final class HistoryStore {
    /** The history as loaded, with the row id of each open episode. */
    public record Loaded(RunHistory history, Map<DriftKey, Long> ids) {}

    private HistoryStore() {}

    public static Loaded load(Connection c) throws SQLException {
        Map<DriftKey, OpenDrift> open = new HashMap<>();
        Map<DriftKey, Long> ids = new HashMap<>();
        // a flap's previous close is the episode before it, kept for at least store.retention (far beyond any flap
        // window)
        try (PreparedStatement st =
                        c.prepareStatement("SELECT e.*, CASE WHEN e.flap THEN (SELECT MAX(p.closed_at) FROM episodes p"
                                + " WHERE p.host = e.host AND p.resource = e.resource AND p.property = e.property AND p.id < e.id) END"
                                + " AS previous_closed_at FROM episodes e WHERE e.closed_at IS NULL");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                DriftKey k = new DriftKey(rs.getString("host"), rs.getString("resource"), rs.getString("property"));
                open.put(
                        k,
                        new OpenDrift(
                                k,
                                rs.getString("classification"),
                                Store.instant(rs, "first_seen"),
                                Store.instant(rs, "last_clean_at"),
                                rs.getString("actual_shown"),
                                rs.getString("approval"),
                                rs.getString("declared_at"),
                                rs.getString("revision"),
                                Store.instant(rs, "last_seen"),
                                rs.getInt("value_changes"),
                                rs.getBoolean("flap"),
                                rs.getString("opened_run"),
                                rs.getInt("clean_runs"),
                                Store.instant(rs, "previous_closed_at")));
                ids.put(k, rs.getLong("id"));
            }
        }
        Map<String, HostMark> hosts = marks(c);
        Map<DriftKey, Instant> recent = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM recently_closed");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                recent.put(
                        new DriftKey(rs.getString("host"), rs.getString("resource"), rs.getString("property")),
                        Store.instant(rs, "closed_at"));
            }
        }
        Instant lastRun = max(c, "SELECT MAX(started_at) AS t FROM runs");
        Instant lastSuccess = max(c, "SELECT MAX(started_at) AS t FROM runs WHERE outcome IN ('success', 'partial')");
        return new Loaded(new RunHistory(open, hosts, recent, lastRun, lastSuccess), ids);
    }

    /** Each known host's last successful audit and its revision. */
    public static Map<String, HostMark> marks(Connection c) throws SQLException {
        Map<String, HostMark> hosts = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM hosts");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                hosts.put(
                        rs.getString("host"),
                        new HostMark(
                                Store.instant(rs, "last_ok_at"),
                                rs.getString("last_ok_revision"),
                                rs.getInt("consecutive_failures")));
            }
        }
        return hosts;
    }

    private static Instant max(Connection c, String sql) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            return rs.next() ? Store.instant(rs, "t") : null;
        }
    }

    /** A run that could not happen (bad bundle, unreadable inventory): remembered so "last run" stays true. */
    public static void saveFailedRun(Connection c, String runId, Instant started, Instant finished)
            throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO runs (run_id, started_at, finished_at, outcome, revision,"
                        + " serial, verified, unsigned_run, hosts, unapproved, approved) VALUES (?, ?, ?, 'failure', NULL, NULL, FALSE,"
                        + " FALSE, 0, 0, 0)")) {
            st.setString(1, runId);
            Store.set(st, 2, started);
            Store.set(st, 3, finished);
            st.executeUpdate();
        }
    }

    /**
     * A recorded run whose report could not be written (disk full): its row says {@code failure}, so history, the
     * last-success time and the alerts on it show a failed run, not a healthy one with no report.
     */
    public static void markFailed(Connection c, String runId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE runs SET outcome = 'failure' WHERE run_id = ?")) {
            st.setString(1, runId);
            st.executeUpdate();
        }
    }

    public static void save(Connection c, Loaded before, Audited r, String outcome, RunHistory.Step step)
            throws SQLException {
        insertRun(c, r, outcome);
        insertOutcomes(c, r);
        replaceHosts(c, step.next().hosts());
        replaceNotChecked(c, r);
        Map<DriftKey, Long> ids = new HashMap<>(before.ids());
        long nextId = nextId(c);
        try (PreparedStatement ins =
                        c.prepareStatement("INSERT INTO episodes (id, host, resource, property, classification,"
                                + " approval, actual_shown, declared_at, revision, first_seen, last_clean_at, last_seen, opened_run, value_changes,"
                                + " flap, clean_runs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement upd = c.prepareStatement(
                        "UPDATE episodes SET classification = ?, approval = ?, actual_shown = ?,"
                                + " declared_at = ?, revision = ?, last_seen = ?, value_changes = ?, clean_runs = ? WHERE id = ?")) {
            for (OpenDrift o : step.next().open().values()) {
                OpenDrift was = before.history().open().get(o.key());
                if (was == null) {
                    long id = nextId++;
                    ids.put(o.key(), id);
                    ins.setLong(1, id);
                    ins.setString(2, o.key().host());
                    ins.setString(3, o.key().resource());
                    ins.setString(4, o.key().property());
                    ins.setString(5, o.classification());
                    ins.setString(6, o.approval());
                    ins.setString(7, capped(o.actual()));
                    ins.setString(8, o.declaredAt());
                    ins.setString(9, o.revision());
                    Store.set(ins, 10, o.firstSeen());
                    Store.set(ins, 11, o.lastCleanAt());
                    Store.set(ins, 12, o.lastSeen());
                    ins.setString(13, o.openedRun());
                    ins.setInt(14, o.valueChanges());
                    ins.setBoolean(15, o.flap());
                    ins.setInt(16, o.cleanRuns());
                    ins.addBatch();
                } else if (changed(was, o)) {
                    upd.setString(1, o.classification());
                    upd.setString(2, o.approval());
                    upd.setString(3, capped(o.actual()));
                    upd.setString(4, o.declaredAt());
                    upd.setString(5, o.revision());
                    Store.set(upd, 6, o.lastSeen());
                    upd.setInt(7, o.valueChanges());
                    upd.setInt(8, o.cleanRuns());
                    upd.setLong(9, before.ids().get(o.key()));
                    upd.addBatch();
                }
            }
            ins.executeBatch();
            upd.executeBatch();
        }
        close(c, before, step);
        insertEvents(c, r, step, ids);
        replaceRecentlyClosed(c, step.next().recentlyClosed());
    }

    private static boolean changed(OpenDrift was, OpenDrift now) {
        return !was.classification().equals(now.classification())
                || !Objects.equals(was.approval(), now.approval())
                || !Objects.equals(was.actual(), now.actual())
                || !Objects.equals(was.declaredAt(), now.declaredAt())
                || !Objects.equals(was.revision(), now.revision())
                || was.valueChanges() != now.valueChanges()
                || was.cleanRuns() != now.cleanRuns();
    }

    private static void close(Connection c, Loaded before, RunHistory.Step step) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("UPDATE episodes SET closed_at = ?, closed_run = ?, resolved_by = ?,"
                        + " last_seen = ? WHERE id = ?")) {
            for (ClosedEpisode e : step.closed()) {
                HostMark m = before.history().hosts().get(e.episode().key().host());
                Instant lastSeen = m != null && m.lastOkAt() != null
                        ? m.lastOkAt()
                        : e.episode().lastSeen();
                Store.set(st, 1, e.closedAt());
                st.setString(2, e.runId());
                st.setString(3, e.resolvedBy());
                Store.set(st, 4, lastSeen);
                st.setLong(5, before.ids().get(e.episode().key()));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static long nextId(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM episodes");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void insertRun(Connection c, Audited r, String outcome) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO runs (run_id, started_at, finished_at, outcome, revision,"
                        + " serial, verified, unsigned_run, hosts, unapproved, approved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, r.runId());
            Store.set(st, 2, r.startedAt());
            Store.set(st, 3, r.finishedAt());
            st.setString(4, outcome);
            st.setString(5, r.standard().revision());
            st.setObject(6, r.standard().serial());
            st.setBoolean(7, r.standard().verified());
            st.setBoolean(8, r.standard().unsigned());
            st.setInt(9, r.hosts().size());
            st.setLong(10, r.drifts(false));
            st.setLong(11, r.drifts(true));
            st.executeUpdate();
        }
    }

    private static void insertOutcomes(Connection c, Audited r) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO host_outcomes (run_id, host, status, error_kind,"
                + " error_message, unapproved, approved) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (HostResult h : r.hosts()) {
                st.setString(1, r.runId());
                st.setString(2, h.host().name());
                st.setString(3, h.status().label());
                st.setString(4, h.error() == null ? null : h.error().kind().label());
                st.setString(5, h.error() == null ? null : cap(h.error().message(), 2000));
                st.setLong(6, h.count(false));
                st.setLong(7, h.count(true));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void replaceHosts(Connection c, Map<String, HostMark> hosts) throws SQLException {
        Store.replaceRows(
                c,
                "hosts",
                "INSERT INTO hosts (host, last_ok_at, last_ok_revision, consecutive_failures)" + " VALUES (?, ?, ?, ?)",
                hosts.entrySet(),
                (st, e) -> {
                    st.setString(1, e.getKey());
                    Store.set(st, 2, e.getValue().lastOkAt());
                    st.setString(3, e.getValue().lastOkRevision());
                    st.setInt(4, e.getValue().consecutiveFailures());
                });
    }

    /** Hosts audited successfully replace what they could not check; hosts gone from the inventory drop theirs. */
    private static void replaceNotChecked(Connection c, Audited r) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM not_checked WHERE host = ?");
                PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO not_checked (host, resource, property, reason) VALUES (?, ?, ?, ?)")) {
            for (HostResult h : r.hosts()) {
                if (!h.auditedOk()) {
                    continue;
                }
                del.setString(1, h.host().name());
                del.addBatch();
                for (NotChecked n : h.notChecked()) {
                    ins.setString(1, h.host().name());
                    ins.setString(2, n.resource().toString());
                    ins.setString(3, n.property());
                    ins.setString(4, n.why());
                    ins.addBatch();
                }
            }
            del.executeBatch();
            ins.executeBatch();
        }
        try (PreparedStatement st =
                c.prepareStatement("DELETE FROM not_checked WHERE host NOT IN (SELECT host FROM hosts)")) {
            st.executeUpdate();
        }
    }

    /**
     * What each host's last successful audit saw, for {@code standard verify --impact}: the live value of every
     * open drift and the reason of every property it could not check, keyed by {@link RevisionImpact#key}.
     */
    public static Map<String, Map<String, RevisionImpact.Seen>> lastSeen(Connection c) throws SQLException {
        Map<String, Map<String, RevisionImpact.Seen>> out = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT host, resource, property, reason FROM not_checked");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), h -> new HashMap<>())
                        .put(
                                RevisionImpact.key(rs.getString(2), rs.getString(3)),
                                RevisionImpact.Seen.notChecked(rs.getString(4)));
            }
        }
        try (PreparedStatement st = c.prepareStatement(
                        "SELECT host, resource, property, actual_shown FROM episodes WHERE closed_at IS NULL");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), h -> new HashMap<>())
                        .put(
                                RevisionImpact.key(rs.getString(2), rs.getString(3)),
                                RevisionImpact.Seen.drift(rs.getString(4)));
            }
        }
        return out;
    }

    private static void insertEvents(Connection c, Audited r, RunHistory.Step step, Map<DriftKey, Long> ids)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO episode_events (episode_id, run_id, at, event,"
                + " classification, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (DriftEvent e : step.events()) {
                if (e.event() == DriftEvent.Kind.APPEARED || e.event() == DriftEvent.Kind.RESOLVED) {
                    continue; // the episode row itself records its opening and its closing (HistoryQuery shows them)
                }
                st.setLong(1, ids.get(e.key()));
                st.setString(2, r.runId());
                Store.set(st, 3, r.startedAt());
                st.setString(4, e.event().label());
                st.setString(5, e.classification());
                st.setString(6, e.detail() == null ? null : cap(e.detail(), 4200));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void replaceRecentlyClosed(Connection c, Map<DriftKey, Instant> recent) throws SQLException {
        Store.replaceRows(
                c,
                "recently_closed",
                "INSERT INTO recently_closed (host, resource, property, closed_at)" + " VALUES (?, ?, ?, ?)",
                recent.entrySet(),
                (st, e) -> {
                    st.setString(1, e.getKey().host());
                    st.setString(2, e.getKey().resource());
                    st.setString(3, e.getKey().property());
                    Store.set(st, 4, e.getValue());
                });
    }

    private static String capped(String s) {
        return s == null ? null : cap(s, 4200);
    }

    /** Host text as a column holds it: capped, and a NUL shown as {@code \x00} (PostgreSQL refuses NUL in text). */
    static String cap(String s, int max) {
        String t = s.indexOf('\u0000') < 0 ? s : s.replace("\u0000", "\\x00");
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }
}
