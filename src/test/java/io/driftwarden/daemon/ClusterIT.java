package io.driftwarden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daemon processes sharing hourly runs on the real PostgreSQL (a fast cron here): each host recorded once per run, one
 * report and one mail per run, whatever the nodes suffer. The fleet is image hosts and a few ssh hosts that never
 * answer (each costs its node {@code ssh.connect_timeout}), so a run lasts long enough to hurt a node in the middle.
 */
class ClusterIT {
    static final Path DEMO = Path.of("test-fixtures/demo");
    static final String PG = System.getenv()
            .getOrDefault(
                    "DRIFTWARDEN_TEST_PG_URL",
                    "jdbc:postgresql://127.0.0.1:5432/driftwarden_test?user=driftwarden&password=driftwarden");
    static final String SCHEMA = "cluster_e2e";
    static final String URL = PG + "&currentSchema=" + SCHEMA;
    static final String[] ROOTS = {"web-1", "web-2", "web-3", "db-1"};
    /** 24 image hosts and 6 that never answer, interleaved so that every node meets slow ones. */
    static final int HOSTS = 30;

    @TempDir
    Path dir;

    private final List<DaemonProcess> nodes = new ArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private ServerSocket blackhole;
    private GreenMail smtp;
    private int smtpPort;

    @BeforeEach
    void fleetStoreAndRelay() throws Exception {
        assertThat(new ProcessBuilder("sh", DEMO.resolve("build.sh").toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        try (Connection c = DriverManager.getConnection(PG);
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + SCHEMA);
        }
        blackhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!blackhole.isClosed()) {
                try {
                    held.add(blackhole.accept()); // accepted, never answered: no banner, no handshake
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        StringBuilder inv = new StringBuilder("hosts:\n");
        for (int i = 0; i < HOSTS; i++) {
            String name = String.format("h-%02d", i);
            if (i % 5 == 2) {
                inv.append("  ")
                        .append(name)
                        .append(": {address: 127.0.0.1, port: ")
                        .append(blackhole.getLocalPort())
                        .append("}\n");
            } else {
                String root = ROOTS[i % ROOTS.length];
                inv.append("  ")
                        .append(name)
                        .append(": {transport: image, root: ")
                        .append(DEMO.resolve("build/roots/" + root).toAbsolutePath())
                        .append(", groups: [")
                        .append(root.startsWith("web") ? "web" : "db")
                        .append("]}\n");
            }
        }
        Files.writeString(dir.resolve("inventory.yaml"), inv);
        Files.writeString(dir.resolve("known_hosts"), "");
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "id")
                        .directory(dir.toFile())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        smtpPort = DaemonIT.freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (DaemonProcess n : nodes) {
            ProcessHandle.of(n.process.pid()).ifPresent(p -> signal("CONT", p.pid()));
            n.close();
            n.process.waitFor(10, TimeUnit.SECONDS);
        }
        smtp.stop();
        blackhole.close();
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    void twoNodesShareEveryRunAndASurvivorFinishesTheShardsOfANodeKilledMidRun() throws Exception {
        DaemonProcess a = node("a");
        DaemonProcess b = node("b");
        awaitReady(a, b);

        String first = awaitFinalised(1).get(0);
        assertRecordedOnce(first);
        assertThat(owners(first)).as("both nodes judged shards of one run").hasSize(2);

        // the next run: once node a holds a shard, it dies without a word
        String second = stopHolding(a)[0];
        a.process.destroyForcibly();
        assertThat(a.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(awaitFinalised(2)).contains(second);
        assertRecordedOnce(second);
        assertThat(query("SELECT MAX(attempt) FROM cluster_shards WHERE run_id = '" + second + "'"))
                .as("a shard of the dead node was claimed again")
                .isGreaterThan(1);
        assertThat(query("SELECT COUNT(*) FROM host_outcomes WHERE run_id = '" + second
                        + "' AND error_message LIKE 'not observed%'"))
                .as("the survivor finished the dead node's shards before the deadline")
                .isZero();

        // a node started again rejoins: it judges shards of the next run
        DaemonProcess again = node("a");
        awaitReady(again);
        // the run open now may have been claimed out before it joined: the one after it is surely shared
        List<String> runs = awaitFinalised(
                strings("SELECT run_id FROM cluster_runs WHERE state = 'final'").size() + 2);
        String later = runs.get(runs.size() - 1);
        assertRecordedOnce(later);
        assertThat(owners(later)).hasSize(2);

        // episodes: each drift's opened once, in the first run; no run after it (a shard judged twice among them)
        // opens, closes or changes one, since the fleet did not change
        assertThat(query("SELECT COUNT(*) FROM episodes WHERE opened_run = '" + first + "'"))
                .isEqualTo(query("SELECT SUM(unapproved + approved) FROM host_outcomes WHERE run_id = '" + first + "'"))
                .isPositive();
        assertThat(query("SELECT COUNT(*) FROM episodes WHERE opened_run <> '" + first + "' OR closed_at IS NOT NULL"))
                .isZero();
        assertThat(query("SELECT COUNT(*) FROM episode_events")).isZero();

        // the fleet's series answer as one node's would: summed over the nodes, the latest run's drifts count once;
        // every node tells when the last run happened, and how many nodes are members
        long unapproved = query("SELECT SUM(unapproved) FROM host_outcomes WHERE run_id = '" + later + "'");
        List<DaemonProcess> live = List.of(b, again);
        await(
                Duration.ofSeconds(30),
                () -> live.stream()
                                        .mapToDouble(n -> Math.max(
                                                0, n.sample("driftwarden_drifts{classification=\"unapproved\"}")))
                                        .sum()
                                == unapproved
                        ? true
                        : null,
                "the drifts gauge, summed over the nodes, at " + unapproved);
        for (DaemonProcess n : live) {
            assertThat(n.sample("driftwarden_cluster_members")).isEqualTo(2);
            assertThat(n.sample("driftwarden_cluster_node_ready")).isEqualTo(1);
            assertThat(n.sample("driftwarden_last_run_timestamp_seconds")).isPositive();
        }

        // one report and one mail per run
        for (String run : runs) {
            assertThat(reports(run)).as("report files of " + run).isEqualTo(1);
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> mailsByRun().keySet().containsAll(runs));
        Map<String, Integer> mails = mailsByRun();
        for (String run : runs) {
            assertThat(mails.get(run)).as("mails of " + run).isEqualTo(1);
        }
    }

    @Test
    void threeNodesAStalledOneCannotOverwriteTheSurvivorsAndAKillDuringFinalisationFinalisesOnce() throws Exception {
        DaemonProcess a = node("a");
        DaemonProcess b = node("b");
        DaemonProcess c = node("c");
        awaitReady(a, b, c);
        String first = awaitFinalised(1).get(0);
        assertRecordedOnce(first);
        assertThat(owners(first)).as("three nodes judged shards of one run").hasSize(3);

        // node c stops (SIGSTOP) holding a shard, past its lease: the others take the shard over
        String[] held = stopHolding(c);
        String second = held[0];
        String[] stalled = held[1].split("/");
        await(
                Duration.ofSeconds(40),
                () -> query("SELECT COUNT(*) FROM cluster_shards WHERE run_id = '" + second + "' AND shard = "
                                        + stalled[0] + " AND state = 'done' AND attempt > " + stalled[1])
                                == 1
                        ? true
                        : null,
                "the stalled node's shard done by another");
        String survivors = strings("SELECT owner || ' ' || attempt FROM cluster_shards WHERE run_id = '" + second
                        + "' AND shard = " + stalled[0])
                .get(0);
        signal("CONT", c.process.pid()); // it wakes up with a lapsed lease and an old attempt number
        assertThat(awaitFinalised(2)).contains(second);
        // its renewal finds the lease gone, or its completion finds the claim gone: either way nothing is kept
        c.await(
                Duration.ofSeconds(30),
                () -> Files.readString(c.log).contains("lease lost")
                        || Files.readString(c.log).contains("not kept: the claim was lost"));
        assertThat(strings("SELECT owner || ' ' || attempt FROM cluster_shards WHERE run_id = '" + second
                        + "' AND shard = " + stalled[0]))
                .as("the survivor's result stands")
                .containsExactly(survivors);
        assertRecordedOnce(second);

        // the next run finalising: the history's writers' lock held here, so the finalisers wait inside their
        // transactions; every node is killed there, and a node started afterwards finalises that run, once
        try (Connection lock = DriverManager.getConnection(URL)) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.executeQuery("SELECT id FROM run_lock WHERE id = 1 FOR UPDATE")
                        .close();
            }
            String third = await(
                    Duration.ofSeconds(60),
                    () -> {
                        List<String> waiting = strings("SELECT r.run_id FROM cluster_runs r WHERE r.state = 'open'"
                                + " AND NOT EXISTS (SELECT 1 FROM cluster_shards s WHERE s.run_id = r.run_id"
                                + " AND s.state <> 'done')");
                        long blocked = query("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND query LIKE '%run_lock%'");
                        return !waiting.isEmpty() && blocked > 0 ? waiting.get(0) : null;
                    },
                    "a finaliser waiting inside its transaction");
            for (DaemonProcess n : List.of(a, b, c)) {
                n.process.destroyForcibly();
                assertThat(n.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            lock.rollback();
            assertThat(strings("SELECT state FROM cluster_runs WHERE run_id = '" + third + "'"))
                    .as("the killed finalisation left nothing behind")
                    .containsExactly("open");
            assertThat(query("SELECT COUNT(*) FROM runs WHERE run_id = '" + third + "'"))
                    .isZero();
            DaemonProcess d = node("d");
            awaitReady(d);
            await(
                    Duration.ofSeconds(60),
                    () -> strings("SELECT state FROM cluster_runs WHERE run_id = '" + third + "'")
                                    .contains("final")
                            ? true
                            : null,
                    "the run finalised by the new node");
            assertRecordedOnce(third);
            assertThat(reports(third)).isEqualTo(1);
        }
    }

    /** Starts a node with its own reports directory and listener; everything else is the cluster's. */
    private DaemonProcess node(String name) throws Exception {
        int port = DaemonIT.freePort();
        Path reports = Files.createDirectories(dir.resolve("reports-" + name));
        Path cfg = dir.resolve("node-" + name + ".yaml");
        Files.writeString(
                cfg,
                "instance: it\nstandards: " + DEMO.resolve("build/standards").toAbsolutePath() + "\ninventory: "
                        + dir.resolve("inventory.yaml") + "\nreports_dir: " + reports + "\n"
                        + "store: {url: \"" + URL + "\"}\nhmac_key_file: " + dir.resolve("hmac.key") + "\n"
                        + "signoff: {allowed_signers: "
                        + DEMO.resolve("build/allowed_signers").toAbsolutePath()
                        + ", required: 2, approvals_required: 1}\n"
                        + "schedule: {cron: \"0/20 * * * * ?\", run_deadline: 40s, cluster: true, shard_lease: 10s,"
                        + " shard_size: 2}\n"
                        + "ssh: {identity_file: " + dir.resolve("id") + ", known_hosts: " + dir.resolve("known_hosts")
                        + ", connect_timeout: 2s, host_timeout: 10s, concurrency: 2}\n"
                        + "http: {listen: \"127.0.0.1:" + port + "\"}\n"
                        + "email: {smtp: {host: 127.0.0.1, port: " + smtpPort + ", security: none},"
                        + " from: driftwarden@example.com, to: [cab@example.com], policy: every-run, retry_after: 1s}\n");
        Path log = dir.resolve("node-" + name + "-" + nodes.size() + ".log");
        DaemonProcess d = DaemonProcess.start(cfg, port, log);
        nodes.add(d);
        return d;
    }

    private void awaitReady(DaemonProcess... ds) throws Exception {
        for (DaemonProcess d : ds) {
            d.await(Duration.ofSeconds(60), () -> d.status("/readyz") == 200);
        }
    }

    /** Waits until at least {@code n} runs are finalised; their ids, oldest first. */
    private List<String> awaitFinalised(int n) throws Exception {
        return await(
                Duration.ofSeconds(45L * n + 30),
                () -> {
                    List<String> done = strings(
                            "SELECT run_id FROM cluster_runs WHERE state = 'final'" + " ORDER BY scheduled_for");
                    return done.size() >= n ? done : null;
                },
                n + " finalised runs");
    }

    /** Every host of the inventory recorded exactly once in the run, and the run recorded once. */
    private void assertRecordedOnce(String run) throws Exception {
        assertThat(query("SELECT COUNT(*) FROM runs WHERE run_id = '" + run + "'"))
                .isEqualTo(1);
        assertThat(query("SELECT COUNT(*) FROM host_outcomes WHERE run_id = '" + run + "'"))
                .isEqualTo(HOSTS);
        assertThat(query("SELECT COUNT(DISTINCT host) FROM host_outcomes WHERE run_id = '" + run + "'"))
                .isEqualTo(HOSTS);
        assertThat(query("SELECT COUNT(*) FROM host_outcomes WHERE run_id = '" + run + "' AND status = 'failed'"))
                .as("the hosts that never answer, and only those")
                .isEqualTo(HOSTS / 5);
    }

    /** The nodes (by pid, from their membership rows) that completed the run's shards. */
    private List<String> owners(String run) throws Exception {
        return strings("SELECT DISTINCT owner FROM cluster_shards WHERE run_id = '" + run + "' AND state = 'done'");
    }

    /**
     * Stops {@code d}'s node (SIGSTOP) while it holds a shard of an open run (a shard can be done between a look and
     * the stop: then it goes on and is stopped again); the run and "shard/attempt".
     */
    private String[] stopHolding(DaemonProcess d) throws Exception {
        for (int i = 0; i < 20; i++) {
            String run = await(Duration.ofSeconds(60), () -> openRunClaimedBy(d), "the node holding a shard");
            signal("STOP", d.process.pid());
            List<String> held = strings("SELECT shard || '/' || attempt FROM cluster_shards WHERE run_id = '" + run
                    + "' AND state = 'claimed' AND owner LIKE '%-" + d.process.pid() + "-%'");
            if (!held.isEmpty()) {
                return new String[] {run, held.get(0)};
            }
            signal("CONT", d.process.pid());
        }
        throw new AssertionError("the node was never stopped while it held a shard");
    }

    /** An open run with a shard claimed by {@code d}'s node, else null. */
    private String openRunClaimedBy(DaemonProcess d) throws Exception {
        List<String> runs = strings("SELECT s.run_id FROM cluster_shards s JOIN cluster_runs r ON r.run_id = s.run_id"
                + " WHERE r.state = 'open' AND s.state = 'claimed' AND s.owner LIKE '%-" + d.process.pid() + "-%'");
        return runs.isEmpty() ? null : runs.get(0);
    }

    private long reports(String run) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals(run + ".json"))
                    .count();
        }
    }

    /** The report mails received, counted by the run in their Message-ID. */
    private Map<String, Integer> mailsByRun() throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String id = m.getMessageID();
            if (id != null && id.matches("<[0-9TZ]+-[0-9a-f]{4}\\.it@driftwarden>")) {
                out.merge(id.substring(1, id.indexOf('.')), 1, Integer::sum);
            }
        }
        return out;
    }

    private <T> T await(Duration atMost, java.util.concurrent.Callable<T> value, String what) throws Exception {
        long end = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < end) {
            T v = value.call();
            if (v != null) {
                return v;
            }
            Thread.sleep(200);
        }
        StringBuilder logs = new StringBuilder();
        for (DaemonProcess n : nodes) {
            logs.append("\n--- ").append(n.log).append(":\n").append(Files.readString(n.log));
        }
        throw new AssertionError("not within " + atMost + ": " + what + logs);
    }

    static long query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(URL);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> strings(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(URL);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static void signal(String name, long pid) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
