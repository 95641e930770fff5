package io.driftwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.cluster.SharedRuns;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's shares of a run on the real PostgreSQL, two nodes as two stores (two pools, two sets of sessions):
 * a run opens once per scheduled time, concurrent claims never overlap, a lapsed claim is taken over and its old
 * holder fenced, a run is finalised once with each host once, and a deadline finalises what was not observed.
 */
class ClusterShardsPostgresIT {
    static final String URL = PostgresStoreIT.URL + "&currentSchema=cluster_it";
    static final Instant HOUR = Instant.parse("2026-12-07T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(30);

    private Store a;
    private Store b;
    private ClusterShards nodeA;
    private ClusterShards nodeB;

    @BeforeEach
    void twoNodes() throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresStoreIT.URL);
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS cluster_it CASCADE");
            st.execute("CREATE SCHEMA cluster_it");
        }
        a = Store.open(URL, 6);
        b = Store.open(URL, 6);
        nodeA = new ClusterShards(a, "node-a", "it");
        nodeB = new ClusterShards(b, "node-b", "it");
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void aScheduledTimeOpensOneRunWhicheverNodeAsks() {
        assertThat(nodeA.open("run-1", HOUR, Duration.ofMinutes(50), "rev-1", shards(4, 3)))
                .isTrue();
        assertThat(nodeB.open("run-1b", HOUR, Duration.ofMinutes(50), "rev-1", shards(4, 3)))
                .as("the same scheduled time, from the other node (or a recovered firing)")
                .isFalse();
        assertThat(count("SELECT COUNT(*) FROM cluster_runs")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM cluster_shards")).isEqualTo(4);
        assertThat(nodeB.claimable())
                .extracting(SharedRuns.OpenRun::runId, SharedRuns.OpenRun::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("run-1", "rev-1"));
    }

    @Test
    void concurrentClaimsFromTwoNodesNeverOverlapAndTakeEveryShard() throws Exception {
        nodeA.open("run-1", HOUR, Duration.ofMinutes(50), "rev-1", shards(60, 2));
        Set<String> taken = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            ClusterShards node = t % 2 == 0 ? nodeA : nodeB;
            workers.add(pool.submit(() -> {
                for (Optional<SharedRuns.Claim> c = node.claim("run-1", LEASE);
                        c.isPresent();
                        c = node.claim("run-1", LEASE)) {
                    if (!taken.add(c.get().runId() + "/" + c.get().shard())) {
                        duplicates.add(c.get().shard() + "");
                    }
                    assertThat(node.complete(c.get(), results(c.get()))).isTrue();
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        assertThat(duplicates).isEmpty();
        assertThat(taken).hasSize(60);
        assertThat(count("SELECT COUNT(DISTINCT owner) FROM cluster_shards"))
                .as("both nodes took shards")
                .isEqualTo(2);
        assertThat(nodeA.due()).containsExactly("run-1");
    }

    @Test
    void aLapsedClaimIsTakenOverAndItsOldHolderChangesNothing() throws Exception {
        nodeA.open("run-1", HOUR, Duration.ofMinutes(50), "rev-1", List.of(List.of("web-1", "web-2")));
        SharedRuns.Claim stalled = nodeA.claim("run-1", LEASE).orElseThrow();
        assertThat(nodeA.stage(stalled, Map.of("web-1", bytes("a:web-1")))).isTrue();
        assertThat(nodeB.claim("run-1", LEASE)).as("held, not yet lapsed").isEmpty();
        update("UPDATE cluster_shards SET lease_until = clock_timestamp() - INTERVAL '1 second'"); // A stalls

        SharedRuns.Claim survivor = nodeB.claim("run-1", LEASE).orElseThrow();
        assertThat(survivor.attempt()).isEqualTo(stalled.attempt() + 1);
        // the stalled node wakes up: every write it tries is fenced by its old attempt number
        assertThat(nodeA.renew(stalled, LEASE)).isFalse();
        assertThat(nodeA.stage(stalled, Map.of("web-2", bytes("a:web-2")))).isFalse();
        assertThat(nodeA.complete(stalled, Map.of("web-2", bytes("a:web-2")))).isFalse();

        assertThat(nodeB.renew(survivor, LEASE)).isTrue();
        assertThat(nodeB.complete(survivor, Map.of("web-1", bytes("b:web-1"), "web-2", bytes("b:web-2"))))
                .isTrue();
        SharedRuns.Finalising f = a.tx(c -> nodeA.finalise(c, "run-1")).orElseThrow();
        assertThat(f.results()).containsOnlyKeys("web-1", "web-2");
        assertThat(new String(f.results().get("web-1"), StandardCharsets.UTF_8)).isEqualTo("b:web-1");
        assertThat(new String(f.results().get("web-2"), StandardCharsets.UTF_8)).isEqualTo("b:web-2");
        assertThat(f.unobserved()).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM cluster_results"))
                .as("staged rows go with finalisation")
                .isZero();
    }

    @Test
    void twoNodesFinalisingAtOnceFinaliseOnce() throws Exception {
        nodeA.open("run-1", HOUR, Duration.ofMinutes(50), "rev-1", shards(3, 2));
        for (Optional<SharedRuns.Claim> c = nodeA.claim("run-1", LEASE);
                c.isPresent();
                c = nodeA.claim("run-1", LEASE)) {
            nodeA.complete(c.get(), results(c.get()));
        }
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Optional<SharedRuns.Finalising>>> tries = new ArrayList<>();
        for (Store s : List.of(a, b)) {
            ClusterShards node = s == a ? nodeA : nodeB;
            tries.add(pool.submit(() -> s.tx(c -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return node.finalise(c, "run-1");
            })));
        }
        int finalised = 0;
        for (Future<Optional<SharedRuns.Finalising>> t : tries) {
            if (t.get().isPresent()) {
                finalised++;
                assertThat(t.get().get().results()).hasSize(6);
            }
        }
        pool.shutdown();
        assertThat(finalised).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM cluster_runs WHERE state = 'final'"))
                .isEqualTo(1);
        assertThat(nodeA.due()).isEmpty();
    }

    @Test
    void aRunOfAnotherReleaseIsLeftToItsOwnNodesUntilLongPastItsDeadline() throws Exception {
        nodeA.open("run-1", HOUR, Duration.ofMinutes(50), "rev-1", shards(2, 2));
        ClusterShards upgraded = new ClusterShards(b, "node-c", "it-2");
        assertThat(upgraded.claimable()).isEmpty();
        assertThat(upgraded.claim("run-1", LEASE)).isEmpty();
        for (Optional<SharedRuns.Claim> c = nodeA.claim("run-1", LEASE);
                c.isPresent();
                c = nodeA.claim("run-1", LEASE)) {
            nodeA.complete(c.get(), results(c.get()));
        }
        assertThat(nodeA.due()).containsExactly("run-1");
        assertThat(upgraded.due())
                .as("its results are in the other release's form")
                .isEmpty();
        update("UPDATE cluster_runs SET deadline_at = clock_timestamp() - INTERVAL '11 minutes'");
        assertThat(upgraded.due()).as("no node of its release finalised it").containsExactly("run-1");
    }

    @Test
    void aRunPastItsDeadlineIsDueAndWhatWasNotObservedSaysSo() throws Exception {
        nodeA.open("run-1", HOUR, Duration.ofMinutes(50), "rev-1", shards(2, 2));
        SharedRuns.Claim done = nodeA.claim("run-1", LEASE).orElseThrow();
        SharedRuns.Claim late = nodeB.claim("run-1", LEASE).orElseThrow();
        nodeA.complete(done, results(done));
        assertThat(nodeA.due()).as("a shard is still out, the deadline ahead").isEmpty();
        update("UPDATE cluster_runs SET deadline_at = clock_timestamp() - INTERVAL '1 second'"); // the hour is up
        assertThat(nodeA.due()).containsExactly("run-1");
        assertThat(nodeA.claim("run-1", LEASE))
                .as("no claims past the deadline")
                .isEmpty();
        assertThat(nodeA.claimable()).isEmpty();
        SharedRuns.Finalising f = a.tx(c -> nodeA.finalise(c, "run-1")).orElseThrow();
        assertThat(f.results()).containsOnlyKeys(done.hosts());
        assertThat(f.unobserved()).containsExactlyInAnyOrderElementsOf(late.hosts());
        assertThat(nodeB.complete(late, results(late)))
                .as("too late: the shard expired")
                .isFalse();
    }

    /** The node reads the database's clock; on one machine the two agree to well within the stand-by bound. */
    @Test
    void aNodeOnTheDatabasesMachineHasNoSkewWorthNaming() {
        io.driftwarden.cluster.ClockSkew skew = io.driftwarden.cluster.ClockSkew.of(a.clockSamples(5, Instant::now));
        assertThat(skew.verdict()).as(skew.toString()).isEqualTo(io.driftwarden.cluster.ClockSkew.Verdict.OK);
        assertThat(skew.skew().abs()).as(skew.toString()).isLessThan(Duration.ofMillis(100));
        io.driftwarden.cluster.ClockSkew ahead = io.driftwarden.cluster.ClockSkew.of(
                a.clockSamples(5, () -> Instant.now().minusSeconds(3)));
        assertThat(ahead.verdict())
                .as("a node 3 s behind the database: " + ahead)
                .isEqualTo(io.driftwarden.cluster.ClockSkew.Verdict.STAND_BY);
    }

    private void update(String sql) {
        a.tx(c -> c.createStatement().executeUpdate(sql));
    }

    private static List<List<String>> shards(int n, int hostsEach) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> hosts = new ArrayList<>();
            for (int h = 0; h < hostsEach; h++) {
                hosts.add("web-" + i + "-" + h);
            }
            out.add(hosts);
        }
        return out;
    }

    private static Map<String, byte[]> results(SharedRuns.Claim c) {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        c.hosts().forEach(h -> out.put(h, bytes("ok:" + h)));
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private int count(String sql) {
        return a.tx(c -> {
            try (var rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
