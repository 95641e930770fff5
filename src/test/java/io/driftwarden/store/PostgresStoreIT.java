package io.driftwarden.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The store contract on a real PostgreSQL: Debian's, started on 127.0.0.1 by .ci/postgres.sh. Not reachable is a
 * failure, never a skip.
 */
class PostgresStoreIT extends StoreContract {
    static final String URL = System.getenv().getOrDefault("DRIFTWARDEN_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/driftwarden_test?user=driftwarden&password=driftwarden&reWriteBatchedInserts=true");

    @Override
    String freshUrl() throws Exception {
        try (Connection c = DriverManager.getConnection(URL); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA public CASCADE");
            st.execute("CREATE SCHEMA public");
        }
        return URL;
    }
}
