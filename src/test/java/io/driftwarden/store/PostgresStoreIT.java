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
}
