package io.driftwarden.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.driftwarden.yaml.LoadException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.api.FlywayException;

/**
 * The JDBC store (H2 file by default, or PostgreSQL): migrated by Flyway on open, its connections from one HikariCP
 * pool (which checks a connection before handing it out and replaces a broken one), every unit of work one
 * transaction. JDBC is imported only in this package.
 */
public final class Store implements AutoCloseable {
    /** One unit of work inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** The newest migration under db/migration; StoreH2Test holds it to the scripts ({@link StoreSchema}). */
    static final int SCHEMA_VERSION = 14;

    /** Connections for a CLI command or a single node: one for the work, one spare for Flyway and a drain. */
    static final int DEFAULT_CONNECTIONS = 2;

    private final String url;
    private final HikariDataSource pool;

    private Store(String url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /** Opens (creating and migrating when needed) the store at {@code url}, with a pool of two connections. */
    public static Store open(String url) {
        return open(url, DEFAULT_CONNECTIONS);
    }

    /**
     * Opens (creating and migrating when needed) the store at {@code url}, pooling at most {@code connections}. The pool
     * opens its first connection before Flyway runs and, on H2, never retires it: an embedded H2 database closes with
     * its last connection, and reopening it (lock file, AUTO_SERVER listener) would cost every open several times.
     */
    public static Store open(String url, int connections) {
        // the pool first: its connection keeps an embedded database open through the migrations
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(url, connections));
        } catch (RuntimeException e) { // HikariCP's PoolInitializationException, around the driver's SQLException
            throw new LoadException(
                    "store.url " + masked(url) + ": cannot open the store: " + firstLine(driverSaid(e)));
        }
        try {
            StoreSchema.migrate(pool, url);
        } catch (FlywayException e) {
            pool.close();
            throw new LoadException(
                    "store.url " + masked(url) + ": cannot open or migrate the store: " + firstLine(e) + rootCause(e));
        } catch (SQLException e) {
            pool.close();
            throw new LoadException("store.url " + masked(url) + ": cannot open the store: " + firstLine(e));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Store(url, pool);
    }

    private static HikariConfig poolConfig(String url, int connections) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("driftwarden-store");
        h.setJdbcUrl(url);
        h.setMaximumPoolSize(Math.max(1, connections));
        h.setMinimumIdle(1);
        h.setInitializationFailTimeout(1); // fail at open, with the driver's reason, not at the first run
        h.setConnectionTimeout(
                15_000); // a store that is down fails the transaction (and says so) rather than hold the node
        if (url.startsWith("jdbc:h2:")) {
            h.setMaxLifetime(0); // never retire the connection that keeps the database open
            h.setIdleTimeout(0);
        }
        if (url.startsWith("jdbc:postgresql:")) { // URL parameters win over these
            h.addDataSourceProperty("connectTimeout", "10");
            h.addDataSourceProperty("socketTimeout", Integer.toString(PG_SOCKET_TIMEOUT_S));
            h.addDataSourceProperty("tcpKeepAlive", "true");
            List<String> init = new java.util.ArrayList<>();
            if (!url.contains("lock_timeout")) {
                init.add("SET lock_timeout = '" + PG_LOCK_TIMEOUT + "'");
            }
            if (!url.contains("idle_in_transaction_session_timeout")) {
                // a node frozen inside a transaction (a stopped process, a paused VM) gives its locks back
                init.add("SET idle_in_transaction_session_timeout = '" + PG_LOCK_TIMEOUT + "'");
            }
            if (!init.isEmpty()) {
                h.setConnectionInitSql(String.join("; ", init));
            }
        }
        return h;
    }

    /** The driver's own words (pgjdbc's say what to check), else the innermost cause. */
    private static Throwable driverSaid(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException) {
                return t;
            }
        }
        return rootOf(e);
    }

    private static Throwable rootOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** Flyway's first line says which script failed; the database's own words say why. */
    private static String rootCause(Throwable e) {
        Throwable root = rootOf(e);
        return root == e ? "" : " (" + firstLine(root) + ")";
    }

    /** The URL with any password parameter masked, for messages. */
    public static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /**
     * Runs {@code work} in one transaction. Transactions of one process take turns: the run, the outbox, the lease
     * and the API never wait on each other's row locks inside one node, which H2 would end in a lock timeout.
     */
    public synchronized <T> T tx(Work<T> work) {
        try (Connection c = pool.getConnection()) {
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

    /**
     * PostgreSQL waits for a lock, and for a silent server, for ever by default: a CLI transaction left open, or a
     * half-dead network path, would hold the daemon's run (and, since transactions take turns, its outbox and lease
     * heartbeat). So a lock wait ends after {@link #PG_LOCK_TIMEOUT} and a socket silent for
     * {@link #PG_SOCKET_TIMEOUT_S} fails the transaction, unless the URL sets its own ({@code socketTimeout},
     * {@code options=-c lock_timeout=...}); a session idle inside a transaction for as long (its process stopped) is
     * ended by the server, which gives its locks back. H2 has a lock timeout of its own.
     */
    static final String PG_LOCK_TIMEOUT = "60s";

    static final int PG_SOCKET_TIMEOUT_S = 600;

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

    /**
     * Reads the database's clock {@code n} times, each bracketed by two readings of {@code ours}: the samples a node
     * judges its clock skew from. The database's clock is what a cluster's leases and judging times run on.
     */
    public List<io.driftwarden.cluster.ClockSkew.Sample> clockSamples(
            int n, java.util.function.Supplier<Instant> ours) {
        return tx(c -> {
            List<io.driftwarden.cluster.ClockSkew.Sample> out = new java.util.ArrayList<>();
            String now = postgres() ? "SELECT clock_timestamp()" : "SELECT CURRENT_TIMESTAMP";
            try (PreparedStatement st = c.prepareStatement(now)) {
                for (int i = 0; i < n; i++) {
                    Instant before = ours.get();
                    Instant database;
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        database =
                                rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
                    }
                    Instant after = ours.get();
                    if (!after.isBefore(before)) { // our clock stepped back mid-reading: that sample says nothing
                        out.add(new io.driftwarden.cluster.ClockSkew.Sample(before, database, after));
                    }
                }
            }
            return out;
        });
    }

    /** Whether this is a PostgreSQL store (a cluster's; H2 is one node's). */
    public boolean postgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The pool, for Quartz's clustered job store (the store keeps it: close the scheduler before the store). */
    public javax.sql.DataSource dataSource() {
        return pool;
    }

    /** Waits for a transaction in progress (closing the pool would abort it), then closes; a closed store stays closed. */
    @Override
    public synchronized void close() {
        pool.close();
    }
}
