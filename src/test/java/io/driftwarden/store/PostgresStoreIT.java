package io.driftwarden.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The store contract on a real PostgreSQL: Debian's, started on 127.0.0.1 by .ci/postgres.sh. Not reachable is a
 * failure, never a skip.
 */
class PostgresStoreIT extends StoreContract {
    static final String URL = System.getenv()
            .getOrDefault(
                    "DRIFTWARDEN_TEST_PG_URL",
                    "jdbc:postgresql://127.0.0.1:5432/driftwarden_test?user=driftwarden&password=driftwarden&reWriteBatchedInserts=true");

    @Override
    String freshUrl() throws Exception {
        try (Connection c = DriverManager.getConnection(URL);
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA public CASCADE");
            st.execute("CREATE SCHEMA public");
        }
        return URL;
    }

    /** A transaction that holds the runs lock (a CLI left open, say) makes the daemon's wait fail, not hang. */
    @org.junit.jupiter.api.Test
    void aLockHeldElsewhereIsAFailureAfterTheLockTimeoutNotAHang() throws Exception {
        String url = freshUrl() + "&options=-c%20lock_timeout%3D2s";
        try (Store store = Store.open(url);
                Connection holder = DriverManager.getConnection(URL)) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE run_lock IN ACCESS EXCLUSIVE MODE");
            }
            long t0 = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.tx(c -> {
                        Store.lockRuns(c);
                        return null;
                    }))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("lock");
            org.assertj.core.api.Assertions.assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0))
                    .isLessThan(java.time.Duration.ofSeconds(20));
            holder.rollback();
        }
    }

    /**
     * Quartz's tables come from a history of their own, on PostgreSQL only: created with the store, current at the
     * next open, and refused like our own when a newer release has moved them on.
     */
    @org.junit.jupiter.api.Test
    void quartzTablesHaveTheirOwnHistoryCurrentAtTheNextOpenAndRefusedWhenNewer() throws Exception {
        try (Connection c = DriverManager.getConnection(URL);
                Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz_%'"
                    + " AND table_schema = current_schema()");
            rs.next();
            org.assertj.core.api.Assertions.assertThat(rs.getInt(1))
                    .as("Quartz's 11 tables")
                    .isEqualTo(11);
            rs = st.executeQuery("SELECT string_agg(version || ':' || type, ',' ORDER BY installed_rank)"
                    + " FROM flyway_quartz_history");
            rs.next();
            org.assertj.core.api.Assertions.assertThat(rs.getString(1)).isEqualTo("0:BASELINE,1:SQL");
        }
        store.close();
        store = Store.open(URL); // current: nothing to do, nothing refused
        try (Connection c = DriverManager.getConnection(URL);
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO flyway_quartz_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (99, '2', 'future', 'SQL',"
                    + " 'V2__future.sql', 0, 'test', 1, TRUE)");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Store.open(URL))
                .isInstanceOf(io.driftwarden.yaml.LoadException.class)
                .hasMessageContaining("the store's schema (flyway_quartz_history) is version 2, newer than this"
                        + " driftwarden knows (1)");
    }
}
