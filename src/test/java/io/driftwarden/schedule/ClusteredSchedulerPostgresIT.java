package io.driftwarden.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwarden.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quartz's clustered job store on the real PostgreSQL (started by .ci/postgres.sh), on the store's own pool and
 * tables: two node processes share one schedule, each scheduled time fires on one of them, a node killed with
 * SIGKILL leaves the schedule running on the other, and a node with another schedule is refused.
 */
class ClusteredSchedulerPostgresIT {
    static final String BASE = System.getenv()
            .getOrDefault(
                    "DRIFTWARDEN_TEST_PG_URL",
                    "jdbc:postgresql://127.0.0.1:5432/driftwarden_test?user=driftwarden&password=driftwarden");
    static final String URL = BASE + "&currentSchema=schedule_it";

    @TempDir
    Path dir;

    private final List<Process> nodes = new ArrayList<>();

    @BeforeEach
    void emptySchema() throws Exception {
        try (Connection c = DriverManager.getConnection(BASE);
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS schedule_it CASCADE");
            st.execute("CREATE SCHEMA schedule_it");
        }
        Store.open(URL).close(); // migrated once, before the nodes race to it
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Process::destroyForcibly);
    }

    @Test
    void twoNodesFireEachScheduledTimeOnceAndTheSurvivorOfAKillCarriesOn() throws Exception {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        Process nodeA = node(a);
        Process nodeB = node(b);
        await(Duration.ofSeconds(60), () -> fired(a).size() + fired(b).size() >= 10, "10 firings", a, b);
        try (Connection c = DriverManager.getConnection(URL);
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM qrtz_scheduler_state")) {
            rs.next();
            assertThat(rs.getInt(1)).as("both nodes checked in to the cluster").isEqualTo(2);
        }
        assertOncePerScheduledTime(a, a, b);

        nodeA.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Instant killed = Instant.now();
        // Quartz takes a node as dead after its check-in interval (2 s here) plus 7.5 s; B then fires alone
        await(
                Duration.ofSeconds(60),
                () -> fired(b).stream()
                                .filter(t -> t.isAfter(killed.plusSeconds(12)))
                                .count()
                        >= 3,
                "3 firings on the survivor after the kill",
                a,
                b);
        assertThat(nodeB.isAlive()).isTrue();
        assertOncePerScheduledTime(a, a, b);
    }

    @Test
    void aNodeWithAnotherScheduleIsRefusedAndTheStoresPoolOutlivesTheScheduler() throws Exception {
        Path a = dir.resolve("a.log");
        node(a, "* * * ? * sun-sat");
        await(Duration.ofSeconds(60), () -> !fired(a).isEmpty(), "the first node's firing", a, a);
        try (Store store = Store.open(URL, 8)) {
            // the same schedule, spelt as the operator wrote it (Quartz keeps it upper-cased): a node joins
            RunScheduler.clustered(
                            "* * * ? * sun-sat",
                            ZoneId.of("UTC"),
                            store.dataSource(),
                            Duration.ofSeconds(2),
                            "it-a",
                            f -> {})
                    .close();
            assertThatThrownBy(() -> RunScheduler.clustered(
                            "0 0 * * * ?",
                            ZoneId.of("UTC"),
                            store.dataSource(),
                            Duration.ofSeconds(2),
                            "it-b",
                            at -> {}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the cluster runs '* * * ? * SUN-SAT' (UTC), this node '0 0 * * * ?' (UTC)");
            int one = store.tx(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT 1")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(one).as("Quartz's shutdown left the store's pool open").isEqualTo(1);
        }
    }

    private Process node(Path log) throws Exception {
        return node(log, "* * * * * ?");
    }

    private Process node(Path log, String cron) throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ClusterNodeMain.class.getName(),
                        URL,
                        cron)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        nodes.add(p);
        return p;
    }

    /**
     * Each scheduled time fired on one node only; a second firing of a time is only ever the recovery of a firing the
     * dead node had begun.
     */
    private static void assertOncePerScheduledTime(Path dead, Path... logs) throws Exception {
        Map<Instant, Integer> times = new HashMap<>();
        for (Path log : logs) {
            for (String line : lines(log)) {
                String[] f = line.split(" ");
                Instant t = Instant.ofEpochMilli(Long.parseLong(f[1]));
                if (Boolean.parseBoolean(f[3])) {
                    assertThat(fired(dead))
                            .as("a recovered firing is one the dead node began: " + line)
                            .contains(t);
                } else {
                    times.merge(t, 1, Integer::sum);
                }
            }
        }
        assertThat(times)
                .as("scheduled times fired more than once")
                .allSatisfy((t, n) -> assertThat(n).as(t.toString()).isEqualTo(1));
    }

    private static List<Instant> fired(Path log) {
        return lines(log).stream()
                .map(l -> Instant.ofEpochMilli(Long.parseLong(l.split(" ")[1])))
                .toList();
    }

    /** The node's firings: {@code FIRED <scheduled epoch ms> <pid> <recovering>}. */
    private static List<String> lines(Path log) {
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            return Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith("FIRED "))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(Duration atMost, java.util.function.BooleanSupplier done, String what, Path a, Path b)
            throws Exception {
        long end = System.nanoTime() + atMost.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " within " + atMost + "\n--- node a:\n" + Files.readString(a)
                        + "\n--- node b:\n" + (Files.exists(b) ? Files.readString(b) : ""));
            }
            Thread.sleep(200);
        }
    }
}
