package io.driftwarden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as a process on the signed demo fleet: metrics, one daemon per state, SIGTERM, bad edits. */
class DaemonIT {
    static final Path DEMO = Path.of("test-fixtures/demo");

    @TempDir
    Path dir;

    @BeforeAll
    static void demo() throws Exception { // also used by HostilePeersIT
        Process p = new ProcessBuilder("sh", DEMO.resolve("build.sh").toString())
                .inheritIO()
                .start();
        assertThat(p.waitFor()).isZero();
    }

    /** A free port whose next one is free too: these tests put the API listener on {@code port + 1}. */
    static int freePort() throws Exception {
        for (int i = 0; i < 100; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                int p = s.getLocalPort();
                if (p < 65535) {
                    try {
                        new ServerSocket(p + 1).close();
                        return p;
                    } catch (java.io.IOException taken) {
                        // try another pair
                    }
                }
            }
        }
        throw new IllegalStateException("no two adjacent free ports on loopback");
    }

    /** A config for the demo bundle (copied, so a test may edit it) with a fast cron. */
    Path config(String cron, int port, String inventory) throws Exception {
        Path std = dir.resolve("standards");
        io.driftwarden.TestFiles.copyTree(DEMO.resolve("build/standards"), std);
        Path c = dir.resolve("driftwarden.yaml");
        Files.writeString(
                c,
                "instance: it\nstandards: standards\ninventory: " + inventory + "\nreports_dir: reports\n"
                        + "store: {url: \"jdbc:h2:file:./state/driftwarden\"}\nhmac_key_file: state/hmac.key\n"
                        + "signoff: {allowed_signers: "
                        + DEMO.resolve("build/allowed_signers").toAbsolutePath() + ", required: 2}\n"
                        + "schedule: {cron: \"" + cron + "\"}\nhttp: {listen: \"127.0.0.1:" + port
                        + "\", api_listen: \"127.0.0.1:"
                        + (port + 1) + "\", api_token_file: token}\nssh: {host_timeout: 60s, connect_timeout: 30s}\n");
        Files.writeString(dir.resolve("token"), "s3cret\n");
        return c;
    }

    @Test
    void servesMetricsHoldsTheLeaseAndStopsOnSigterm() throws Exception {
        int port = freePort();
        Path cfg = config(
                "0/2 * * * * ?",
                port,
                DEMO.resolve("inventory.yaml").toAbsolutePath().toString());
        try (DaemonProcess d = DaemonProcess.start(cfg, port, dir.resolve("daemon.log"))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> d.sample("driftwarden_audit_runs_total{outcome=\"success\"}") >= 2);
            assertThat(d.sample("driftwarden_drifts{classification=\"unapproved\"}"))
                    .isEqualTo(9);
            assertThat(d.sample("driftwarden_standard_verified")).isEqualTo(1);
            assertThat(d.sample("driftwarden_drift_events_total{classification=\"unapproved\",event=\"appeared\"}"))
                    .isEqualTo(9);
            assertThat(d.get("/healthz")).isEqualTo("ok\n");
            assertThat(d.get("/api/runs/latest")).isEqualTo("not found\n"); // the API is on its own listener only
            Process second = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            "target/driftwarden.jar",
                            "daemon",
                            "--config",
                            cfg.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(second.getInputStream().readAllBytes());
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(out).contains("another daemon holds the lease (pid " + d.process.pid());
            assertThat(d.terminate(10)).isIn(0, 143);
        }
    }

    @Test
    void sigtermDuringARunIsQuickAndTheNextStartRunsNormally() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepts and never says a word: the run hangs on this host
                    }
                } catch (Exception e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Files.writeString(
                    dir.resolve("hang.yaml"),
                    "hosts:\n  silent: {address: 127.0.0.1, port: " + silent.getLocalPort()
                            + "}\n  web-1: {transport: image, root: "
                            + DEMO.resolve("build/roots/web-1").toAbsolutePath() + "}\n");
            Files.writeString(dir.resolve("id"), "not a key\n");
            int port = freePort();
            Path cfg = config("0 0 0 1 1 ? 2099", port, "hang.yaml");
            Files.writeString(
                    cfg, Files.readString(cfg).replace("ssh: {", "ssh: {identity_file: id, known_hosts: token, "));
            try (DaemonProcess d = DaemonProcess.start(cfg, port, dir.resolve("daemon.log"))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !held.isEmpty()); // the run is in progress
                long t0 = System.nanoTime();
                assertThat(d.terminate(10)).isIn(0, 143);
                assertThat((System.nanoTime() - t0) / 1_000_000_000L).isLessThan(10);
            }
            Files.writeString(
                    dir.resolve("hang.yaml"),
                    "hosts:\n  web-1: {transport: image, root: "
                            + DEMO.resolve("build/roots/web-1").toAbsolutePath() + "}\n");
            try (DaemonProcess d = DaemonProcess.start(cfg, port, dir.resolve("daemon2.log"))) {
                try {
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> d.sample("driftwarden_audit_runs_total{outcome=\"success\"}") >= 1);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError(
                            "second start never succeeded; its log:\n" + Files.readString(dir.resolve("daemon2.log")),
                            e);
                }
                assertThat(d.sample("driftwarden_hosts{status=\"compliant\"}")).isEqualTo(1);
                assertThat(d.terminate(10)).isIn(0, 143);
            }
        }
    }

    @Test
    void anUnsignedEditFallsBackToTheLastAcceptedRevisionAndSigningRecovers() throws Exception {
        int port = freePort();
        Path cfg = config(
                "0 0 0 1 1 ? 2099",
                port,
                DEMO.resolve("inventory.yaml").toAbsolutePath().toString());
        try (DaemonProcess d = DaemonProcess.start(cfg, port, dir.resolve("daemon.log"))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> d.sample("driftwarden_audit_runs_total{outcome=\"success\"}") >= 1);
            Path base = dir.resolve("standards/base.yaml");
            Files.writeString(
                    base, Files.readString(base).replace("mode: \"0644\"", "mode: \"0600\"")); // nobody signed this
            assertThat(post(port + 1, "s3cret")).isEqualTo(202);
            assertThat(post(port + 1, "wrong")).isEqualTo(401);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> d.sample("driftwarden_audit_runs_total{outcome=\"success\"}") >= 2);
            assertThat(d.sample("driftwarden_standard_verified")).isEqualTo(0);
            String report = Files.readString(dir.resolve("reports/latest.json"));
            assertThat(report).contains("changed: base.yaml").contains("audited against the last accepted revision 1");
            assertThat(d.sample("driftwarden_drifts{classification=\"unapproved\"}"))
                    .isEqualTo(9); // the accepted standard

            // signed off properly: the daemon recovers without a restart
            assertThat(io.driftwarden.cli.CliRun.of("standard", "manifest", "--config", cfg.toString())
                            .exit())
                    .isZero();
            for (String k : new String[] {"alice", "bob"}) {
                Process s = new ProcessBuilder(
                                "ssh-keygen",
                                "-q",
                                "-Y",
                                "sign",
                                "-f",
                                DEMO.resolve("build/keys/" + k).toString(),
                                "-n",
                                "driftwarden",
                                dir.resolve("standards/SIGNOFF").toString())
                        .redirectErrorStream(true)
                        .start();
                s.getInputStream().readAllBytes();
                assertThat(s.waitFor()).isZero();
                Files.move(dir.resolve("standards/SIGNOFF.sig"), dir.resolve("standards/SIGNOFF." + k + ".sig"));
            }
            assertThat(post(port + 1, "s3cret")).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> d.sample("driftwarden_standard_verified") == 1);
            assertThat(d.sample("driftwarden_standard_serial")).isEqualTo(2);
            assertThat(d.terminate(10)).isIn(0, 143);
        }
    }

    @Test
    void aStandardFromGitTakesANewlySignedRevisionAtTheNextRunAndRefusesAnUnsignedCommit() throws Exception {
        int port = freePort();
        Path dirCfg = config(
                "0 0 0 1 1 ? 2099",
                port,
                DEMO.resolve("inventory.yaml").toAbsolutePath().toString());
        // the reviewers' working copy (dir/standards, with its own directory config) pushes to a bare repository
        Path origin = dir.resolve("origin.git");
        org.eclipse.jgit.api.Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(origin.toFile())
                .call()
                .close();
        try (org.eclipse.jgit.api.Git work = org.eclipse.jgit.api.Git.init()
                .setInitialBranch("main")
                .setDirectory(dir.resolve("standards").toFile())
                .call()) {
            commitAndPush(work, origin, "revision 1, signed");
            Path cfg = Files.writeString(
                    dir.resolve("driftwarden-git.yaml"),
                    Files.readString(dirCfg)
                            .replace(
                                    "standards: standards\n",
                                    "standards: {git: \"" + origin.toUri()
                                            + "\", ref: main, checkout: state/standards-git}\n"));
            try (DaemonProcess d = DaemonProcess.start(cfg, port, dir.resolve("daemon.log"))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> d.sample("driftwarden_audit_runs_total{outcome=\"success\"}") >= 1);
                assertThat(d.sample("driftwarden_standard_verified")).isEqualTo(1);
                assertThat(d.sample("driftwarden_standard_serial")).isEqualTo(1);

                Path base = dir.resolve("standards/base.yaml");
                Files.writeString(base, Files.readString(base).replace("mode: \"0644\"", "mode: \"0600\""));
                commitAndPush(work, origin, "an edit nobody signed");
                assertThat(post(port + 1, "s3cret")).isEqualTo(202);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> d.sample("driftwarden_audit_runs_total{outcome=\"success\"}") >= 2);
                assertThat(d.sample("driftwarden_standard_verified"))
                        .as("refused exactly as an unsigned edit of a directory")
                        .isEqualTo(0);
                assertThat(Files.readString(dir.resolve("reports/latest.json")))
                        .contains("not verified: changed: base.yaml")
                        .contains("audited against the last accepted revision 1");

                assertThat(io.driftwarden.cli.CliRun.of("standard", "manifest", "--config", dirCfg.toString())
                                .exit())
                        .isZero();
                for (String k : new String[] {"alice", "bob"}) {
                    Process s = new ProcessBuilder(
                                    "ssh-keygen",
                                    "-q",
                                    "-Y",
                                    "sign",
                                    "-f",
                                    DEMO.resolve("build/keys/" + k).toString(),
                                    "-n",
                                    "driftwarden",
                                    dir.resolve("standards/SIGNOFF").toString())
                            .redirectErrorStream(true)
                            .start();
                    s.getInputStream().readAllBytes();
                    assertThat(s.waitFor()).isZero();
                    Files.move(
                            dir.resolve("standards/SIGNOFF.sig"),
                            dir.resolve("standards/SIGNOFF." + k + ".sig"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                commitAndPush(work, origin, "revision 2, signed");
                assertThat(post(port + 1, "s3cret")).isEqualTo(202);
                await().atMost(Duration.ofSeconds(30)).until(() -> d.sample("driftwarden_standard_verified") == 1);
                assertThat(d.sample("driftwarden_standard_serial")).isEqualTo(2);
                assertThat(Files.readString(dir.resolve("state/standards-git/tree/REVISION")))
                        .contains("\nserial: 2\n");
                assertThat(d.terminate(10)).isIn(0, 143);
            }
        }
    }

    private static void commitAndPush(org.eclipse.jgit.api.Git work, Path origin, String message) throws Exception {
        work.add().addFilepattern(".").call();
        work.add().addFilepattern(".").setUpdate(true).call();
        work.commit()
                .setMessage(message)
                .setAuthor("ops", "ops@example.com")
                .setCommitter("ops", "ops@example.com")
                .call();
        work.push()
                .setRemote(origin.toUri().toString())
                .add("main")
                .setForce(true)
                .call();
    }

    static int post(int port, String token) throws Exception {
        return DaemonProcess.HTTP
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + port + "/api/runs"))
                                .header("Authorization", "Bearer " + token)
                                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
