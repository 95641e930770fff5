package io.driftwarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.yaml.LoadException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clustered and single daemons on one PostgreSQL store are refused both ways; members are counted by heartbeat. */
class ClusterMembershipPostgresIT {
    static final String URL = PostgresStoreIT.URL + "&currentSchema=membership_it";
    private Store store;

    @BeforeEach
    void freshSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresStoreIT.URL);
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS membership_it CASCADE");
            st.execute("CREATE SCHEMA membership_it");
        }
        store = Store.open(URL, 4);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aSingleDaemonKeepsClusterNodesOutAndTheyKeepItOut() {
        StoreLease single = StoreLease.acquire(store);
        assertThatThrownBy(() -> ClusterMembership.join(store, "node-a"))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("a daemon without schedule.cluster holds it")
                .hasMessageContaining("give every daemon on this store schedule.cluster: true");
        single.close();

        ClusterMembership a = ClusterMembership.join(store, "node-a");
        ClusterMembership b = ClusterMembership.join(store, "node-b");
        assertThat((int) store.tx(ClusterMembership::members)).isEqualTo(2);
        assertThatThrownBy(() -> StoreLease.acquire(store))
                .isInstanceOf(LoadException.class)
                .hasMessage("store: 2 cluster node(s) share it: give this daemon schedule.cluster: true to join them");
        a.close();
        b.close();
        assertThat((int) store.tx(ClusterMembership::members)).isZero();
        StoreLease.acquire(store).close(); // the cluster gone, a single daemon may have the store
    }

    @Test
    void aNodeIdLongerThanTheLeaseNameIsKeptByItsDigest() {
        String id = "a-rather-long-host-name.example.com-123456-deadbeef";
        assertThat(ClusterMembership.key(id)).hasSizeLessThanOrEqualTo(32).startsWith("node:");
        assertThat(ClusterMembership.key(id)).isNotEqualTo(ClusterMembership.key(id + "x"));
        ClusterMembership.join(store, id).close();
    }
}
