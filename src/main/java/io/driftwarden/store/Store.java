package io.driftwarden.store;

import io.driftwarden.yaml.LoadException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The JDBC store (H2 file by default, or PostgreSQL): migrated by Flyway on open, one connection kept and
 * re-opened when it breaks, every unit of work one transaction. JDBC is imported only in this package.
 */
public final class Store implements AutoCloseable {
    /** One unit of work inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** The newest migration under db/migration; StoreH2Test holds it to the scripts. */
    static final int SCHEMA_VERSION = 12;

    private final String url;
    private Connection connection;

    private Store(String url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    /**
     * Opens (creating and migrating when needed) the store at {@code url}. The store's connection is opened
     * first and kept while Flyway migrates: an embedded H2 database closes with its last connection, and
     * Flyway's own connections would otherwise close and reopen it (lock file, AUTO_SERVER listener) several
     * times per open.
     */
    public static Store open(String url) {
        Connection kept;
        try {
            kept = connect(url);
        } catch (SQLException e) {
            throw new LoadException("store.url " + masked(url) + ": cannot open the store: " + firstLine(e));
        }
        try {
            refuseNewer(kept, url);
            if (!current(kept)) {
                Flyway.configure()
                        .dataSource(url, null, null)
                        .locations("classpath:db/migration")
                        .loggers("slf4j")
                        .load()
                        .migrate();
            }
        } catch (FlywayException e) {
            quietly(kept);
            throw new LoadException(
                    "store.url " + masked(url) + ": cannot open or migrate the store: " + firstLine(e) + rootCause(e));
        }
        return new Store(url, kept);
    }

    /**
     * A store migrated by a newer driftwarden is refused: its tables may mean what this version does not know (a new
     * state, a column it would not fill), and Flyway only warns about migrations it does not have. An older node in a
     * rolling upgrade must stop, not write beside the new one.
     */
    private static void refuseNewer(Connection c, String url) {
        int newest;
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT MAX(CAST(\"version\" AS INT)) FROM \"flyway_schema_history\""
                        + " WHERE \"version\" IS NOT NULL AND \"success\"")) {
            newest = rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            rollbackQuietly(c); // no history table yet (a new store): nothing newer; PostgreSQL needs the rollback
            return;
        }
        if (newest > SCHEMA_VERSION) {
            quietly(c);
            throw new LoadException("store.url " + masked(url) + ": the store's schema is version " + newest
                    + ", newer than this driftwarden knows (" + SCHEMA_VERSION
                    + "): it was upgraded by a newer release; run that release (or newer) against it");
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the next statement says what is wrong with the connection
        }
    }

    /**
     * True when every migration up to {@link #SCHEMA_VERSION} is applied and none failed: then Flyway, whose
     * start-up is a quarter of a one-host audit's CPU, has nothing to do. Anything else (no history table yet, an
     * older or a failed schema) goes through Flyway, which migrates or says what is wrong.
     */
    private static boolean current(Connection c) {
        try (var st = c.createStatement();
                var rs = st.executeQuery(
                        "SELECT COUNT(*), MAX(CAST(\"version\" AS INT)), MIN(CASE WHEN \"success\" THEN 1 ELSE 0 END)"
                                + " FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
            return rs.next() && rs.getInt(1) == SCHEMA_VERSION && rs.getInt(2) == SCHEMA_VERSION && rs.getInt(3) == 1;
        } catch (SQLException e) {
            return false; // not created yet, or not ours: Flyway decides
        }
    }

    /** Flyway's first line says which script failed; the database's own words say why. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : " (" + firstLine(root) + ")";
    }

    private static void quietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken: nothing to release
        }
    }

    /** The URL with any password parameter masked, for messages. */
    public static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public synchronized <T> T tx(Work<T> work) {
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                durable(c);
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("store " + masked(url) + ": " + firstLine(e), e);
        }
    }

    /**
     * H2 writes committed pages from a background thread up to WRITE_DELAY (500 ms) later, so a daemon killed
     * just after a commit would lose its last run and outbox row (DaemonKillIT). CHECKPOINT writes them now;
     * WRITE_DELAY=0 would too, but it also stops the background writer from overlapping a large run's inserts.
     */
    private void durable(Connection c) throws SQLException {
        if (url.startsWith("jdbc:h2:file:")) {
            try (var st = c.createStatement()) {
                st.execute("CHECKPOINT");
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || !connection.isValid(5)) {
            if (connection != null) {
                quietly(connection); // broken already; a new one replaces it
            }
            connection = connect(url);
        }
        return connection;
    }

    /**
     * PostgreSQL waits for a lock, and for a silent server, for ever by default: a CLI transaction left open, or a
     * half-dead network path, would hold the daemon's run (and, through this class's monitor, its outbox and lease
     * heartbeat). So a lock wait ends after {@link #PG_LOCK_TIMEOUT} and a socket silent for
     * {@link #PG_SOCKET_TIMEOUT_S} fails the transaction, unless the URL sets its own ({@code socketTimeout},
     * {@code options=-c lock_timeout=...}). H2 has a lock timeout of its own.
     */
    static final String PG_LOCK_TIMEOUT = "60s";

    static final int PG_SOCKET_TIMEOUT_S = 600;

    private static Connection connect(String url) throws SQLException {
        if (!url.startsWith("jdbc:postgresql:")) {
            return DriverManager.getConnection(url);
        }
        java.util.Properties p = new java.util.Properties(); // URL parameters win over these
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", Integer.toString(PG_SOCKET_TIMEOUT_S));
        Connection c = DriverManager.getConnection(url, p);
        if (!url.contains("lock_timeout")) {
            try (var st = c.createStatement()) {
                st.execute("SET lock_timeout = '" + PG_LOCK_TIMEOUT + "'");
            }
        }
        return c;
    }

    /** Binds one row's values to an INSERT statement. */
    @FunctionalInterface
    interface RowBinder<T> {
        void bind(java.sql.PreparedStatement st, T row) throws SQLException;
    }

    /** Replaces every row of {@code table} with {@code rows}, inserted as one batch (small "current state" tables). */
    static <T> void replaceRows(Connection c, String table, String insert, Iterable<T> rows, RowBinder<T> binder)
            throws SQLException {
        try (java.sql.PreparedStatement del = c.prepareStatement("DELETE FROM " + table)) {
            del.executeUpdate();
        }
        try (java.sql.PreparedStatement st = c.prepareStatement(insert)) {
            for (T row : rows) {
                binder.bind(st, row);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** Takes the writers' lock for the rest of the transaction: history is read, advanced and written as one. */
    public static void lockRuns(Connection c) throws SQLException {
        try (var st = c.prepareStatement("SELECT id FROM run_lock WHERE id = 1 FOR UPDATE")) {
            st.executeQuery().close();
        }
    }

    /**
     * Instants go in as UTC OffsetDateTime (JDBC 4.2), so neither database nor JVM time zone matters; truncated to the
     * microseconds both databases keep, since each would round the nanoseconds, and a time rounded up would be later
     * than the instant it stands for (a row due "now" would not be due).
     */
    static void set(java.sql.PreparedStatement st, int i, Instant t) throws SQLException {
        if (t == null) {
            st.setNull(i, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            st.setObject(i, t.truncatedTo(java.time.temporal.ChronoUnit.MICROS).atOffset(java.time.ZoneOffset.UTC));
        }
    }

    static Instant instant(java.sql.ResultSet rs, String column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            quietly(connection);
            connection = null;
        }
    }
}
