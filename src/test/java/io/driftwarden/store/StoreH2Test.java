package io.driftwarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.yaml.LoadException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreH2Test extends StoreContract {
    @TempDir
    Path dir;

    @Override
    String freshUrl() {
        return "jdbc:h2:file:" + dir.resolve("driftwarden") + ";AUTO_SERVER=TRUE";
    }

    /** A database of its own: the contract's set-up holds {@link #freshUrl()} open. */
    String ownUrl() {
        return "jdbc:h2:file:" + dir.resolve("own") + ";AUTO_SERVER=TRUE";
    }

    @Test
    void aMigrationThatFailsSaysTheDatabasesReason() {
        String url = ownUrl();
        try (Store store = Store.open(url)) {
            // the history forgets V6 while its columns stay: the next open runs V6 again, and it must fail loudly
            store.tx(c -> c.createStatement().executeUpdate("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '6'"));
        }
        assertThatThrownBy(() -> Store.open(url)).isInstanceOf(LoadException.class)
                .hasMessageContaining("cannot open or migrate the store: Failed to execute script V6__real_fleets.sql")
                .hasMessageContaining("CLEAN_RUNS");
    }

    @Test
    void theStoreHoldsTheDatabaseOpenFromBeforeItsMigration() throws Exception {
        String url = ownUrl();
        try (Store store = Store.open(url); var other = java.sql.DriverManager.getConnection(url);
                var rs = other.createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the store's own session, opened before Flyway's, is still there").isEqualTo(2);
        }
    }
}
