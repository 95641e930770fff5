package io.driftwarden.store;

/**
 * The storage contract on a real PostgreSQL (Debian's, started on 127.0.0.1 by .ci/postgres.sh); not reachable is a
 * failure, never a skip.
 */
class JdbcStoragePostgresIT extends StoragePortsContract {
    @Override
    Ports open() throws Exception {
        return JdbcStorageH2Test.over(Store.open(new PostgresStoreIT().freshUrl()));
    }
}
