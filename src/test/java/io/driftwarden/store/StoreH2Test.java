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
            // the history forgets the newest migration while its table stays: the next open runs it again, and it
            // must fail loudly, with the database's own reason
            store.tx(c -> c.createStatement()
                    .executeUpdate("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '" + Store.SCHEMA_VERSION
                            + "'"));
        }
        assertThatThrownBy(() -> Store.open(url))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining(
                        "cannot open or migrate the store: Failed to execute script V14__cluster_revision.sql")
                .hasMessageContaining("REVISION");
    }

    /**
     * The pool's first connection is opened before Flyway migrates and kept: the embedded database is never closed
     * and reopened during an open (nor after it: H2's pool connections are never retired).
     */
    @Test
    @SuppressWarnings("try") // the store is held open across the block, never read
    void theStoreHoldsTheDatabaseOpenFromBeforeItsMigration() throws Exception {
        String url = ownUrl();
        try (Store store = Store.open(url);
                var other = java.sql.DriverManager.getConnection(url);
                var rs = other.createStatement()
                        .executeQuery("SELECT MIN(SESSION_START) FROM INFORMATION_SCHEMA.SESSIONS"
                                + " WHERE SESSION_ID <> SESSION_ID()");
                var migrated = other.createStatement()
                        .executeQuery("SELECT MIN(\"installed_on\") FROM \"flyway_schema_history\"")) {
            rs.next();
            migrated.next();
            assertThat(rs.getTimestamp(1))
                    .as("the store's oldest session, still open, began before the first migration")
                    .isNotNull()
                    .isBeforeOrEqualTo(migrated.getTimestamp(1));
        }
    }

    @Test
    void theSchemaVersionIsTheNewestMigration() throws Exception {
        try (var scripts = java.nio.file.Files.list(Path.of("src/main/resources/db/migration"))) {
            int newest = scripts.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max()
                    .orElseThrow();
            assertThat(Store.SCHEMA_VERSION)
                    .as("Store.SCHEMA_VERSION, which lets a current store skip Flyway")
                    .isEqualTo(newest);
        }
    }

    @Test
    void aStoreWhoseNewestMigrationFailedStillGoesThroughFlyway() {
        String url = ownUrl();
        try (Store store = Store.open(url)) {
            store.tx(c -> c.createStatement()
                    .executeUpdate("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '6'"));
        }
        assertThatThrownBy(() -> Store.open(url))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("cannot open or migrate the store")
                .hasMessageContaining("failed");
    }

    @Test
    void aCurrentStoreOpensWithoutFlyway() {
        String url = ownUrl();
        try (Store store = Store.open(url)) {
            // a checksum Flyway would refuse to validate: only an open that skips Flyway gets past it
            store.tx(c -> c.createStatement()
                    .executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = 1 WHERE \"version\" = '1'"));
        }
        try (Store store = Store.open(url)) {
            int locks = store.tx(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM run_lock")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(locks).isEqualTo(1);
        }
    }
}
