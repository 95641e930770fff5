package io.driftwarden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.driftwarden.cli.CliRun;
import io.driftwarden.collect.ssh.HostileSshPeer;
import io.driftwarden.notify.TestTls;
import io.driftwarden.notify.TricklingRelay;
import io.driftwarden.store.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite: one daemon process at -Xmx256m, run after run, under every class of fault the red team
 * found, all on loopback and bounded in time. Every run must complete, every listener answer, every queued mail
 * arrive exactly once. Its figures go to {@code target/fault-injection.txt}.
 *
 * <p>Throughout: three SSH peers that never finish a handshake (silent, endless pre-banner lines, garbage after the
 * banner), a host with 100,000 unmanaged entries in an exclusive directory, and 24 half-sent HTTP requests opened
 * against the two listeners before every run. Step by step: a mail relay that trickles after TLS, then is down,
 * then is back; a 5 MiB file dropped into the signed bundle, then removed; the reports directory full (a real
 * tmpfs: run as root), then freed.
 *
 * <p>Its own command: {@code src/bench/faults.sh} (or {@code mvn -B verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FaultInjectionIT}).
 */
class FaultInjectionIT {
    static final Path DEMO = Path.of("test-fixtures/demo");
    static final int ENTRIES = 100_000;
    static final int HALF_SENT = 24;

    @TempDir
    Path dir;

    Path reports;
    final Map<String, Integer> injected = new LinkedHashMap<>();

    @AfterEach
    void unmount() throws Exception {
        if (reports != null) {
            new ProcessBuilder("umount", reports.toString()).inheritIO().start().waitFor();
        }
    }

    void inject(String fault, int n) {
        injected.merge(fault, n, Integer::sum);
    }

    @Test
    void everyRunCompletesEveryListenerAnswersEveryMailArrivesOnce() throws Exception {
        DaemonIT.demo();
        TestTls.ensure();
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        smtp.start();
        List<HostileSshPeer> peers = List.of(
                new HostileSshPeer(HostileSshPeer.Kind.SILENT),
                new HostileSshPeer(HostileSshPeer.Kind.ENDLESS_PRE_BANNER_LINES),
                new HostileSshPeer(HostileSshPeer.Kind.GARBAGE_AFTER_BANNER));
        try (TricklingRelay relay = new TricklingRelay(TricklingRelay.Mode.FORWARD, 300)) {
            relay.mode(TricklingRelay.Mode.FORWARD, smtp.getSmtps().getPort());
            int port = DaemonIT.freePort();
            Path cfg = fleet(port, relay.port(), peers);
            List<String> steps = new ArrayList<>();
            long t0 = System.nanoTime();
            try (DaemonProcess d = DaemonProcess.start(cfg, port, dir.resolve("daemon.log"), List.of("-Xmx256m"))) {
                await().atMost(Duration.ofSeconds(120)).until(() -> HostilePeersIT.runs(d) >= 1); // the start-up run
                steps.add("start-up run");
                inject("SSH peers that never finish the handshake", 3);
                inject("host with 100,000 unmanaged entries", 1);
                relay.mode(TricklingRelay.Mode.SMTPS, 0);
                inject("mail relay trickling after TLS (runs)", 2);
                run(d, port, steps, "relay trickles");
                run(d, port, steps, "relay trickles");
                relay.mode(TricklingRelay.Mode.CLOSE, 0);
                inject("mail relay down (runs)", 1);
                run(d, port, steps, "relay down");
                relay.mode(TricklingRelay.Mode.FORWARD, smtp.getSmtps().getPort());
                run(d, port, steps, "relay back");
                Path huge = dir.resolve("standards/huge.bin");
                try (var out = Files.newOutputStream(huge)) {
                    out.write(new byte[5 << 20]);
                }
                inject("5 MiB file dropped into the signed bundle", 1);
                run(d, port, steps, "huge file in the bundle");
                assertThat(d.sample("driftwarden_standard_verified")).isEqualTo(0);
                Files.delete(huge);
                run(d, port, steps, "bundle back");
                assertThat(d.sample("driftwarden_standard_verified")).isEqualTo(1);
                Path filler = reports.resolve("filler");
                fill(filler);
                inject("reports directory full", 1);
                run(d, port, steps, "disk full");
                assertThat(d.sample("driftwarden_audit_runs_total{outcome=\"failure\"}"))
                        .isEqualTo(1);
                Files.delete(filler);
                run(d, port, steps, "disk freed");
                // the gauge counts a mail from the moment it is queued, and drains run every second here
                await().atMost(Duration.ofSeconds(60))
                        .pollDelay(Duration.ofSeconds(2))
                        .until(() -> d.sample("driftwarden_email_outbox_pending") == 0);
                assertThat(d.sample("driftwarden_email_send_deadline_exceeded_total"))
                        .isGreaterThanOrEqualTo(1);
                String log = Files.readString(d.log);
                assertThat(log)
                        .doesNotContain("OutOfMemoryError")
                        .contains("still sending after 4 s (email.send_deadline)");
                assertThat(d.terminate(30)).isIn(0, 143);
            }
            long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
            MimeMessage[] got = smtp.getReceivedMessages();
            Set<String> ids = new HashSet<>();
            for (MimeMessage m : got) {
                ids.add(m.getMessageID());
            }
            assertThat(ids).as("no mail arrived twice").hasSize(got.length);
            long sent;
            long security;
            try (Store store = Store.open("jdbc:h2:file:" + dir.resolve("state/driftwarden"))) {
                sent = store.tx(c -> count(c, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"));
                security = store.tx(c -> count(c, "SELECT COUNT(*) FROM outbox WHERE kind = 'security'"));
                long left = store.tx(
                        c -> count(c, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND superseded_by IS NULL"));
                assertThat(left).isZero();
            }
            assertThat(got.length)
                    .as("every mail the outbox marked sent arrived, once")
                    .isEqualTo(sent);
            assertThat(security).as("one security mail for the refused bundle").isEqualTo(1);
            int faults = injected.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder report = new StringBuilder("driftwarden fault-injection suite (FaultInjectionIT)\n");
            injected.forEach((k, v) -> report.append(String.format("  %-58s %5d%n", k, v)));
            report.append(String.format(
                    "faults injected: %d; runs completed: %d of %d (%s); mails delivered: %d, each exactly"
                            + " once (%d distinct Message-IDs, %d marked sent in the outbox, 0 left); wall %d s%n",
                    faults,
                    steps.size(),
                    steps.size(),
                    String.join(", ", steps),
                    got.length,
                    ids.size(),
                    sent,
                    seconds));
            Files.writeString(Path.of("target/fault-injection.txt"), report.toString());
            System.out.print(report);
        } finally {
            smtp.stop();
            for (HostileSshPeer p : peers) {
                p.close();
            }
        }
    }

    /** One run requested over the API while half-sent requests sit on both listeners; every listener must answer. */
    private void run(DaemonProcess d, int port, List<String> steps, String step) throws Exception {
        double before = HostilePeersIT.runs(d);
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < HALF_SENT; i++) {
            Socket s = new Socket("127.0.0.1", port + i % 2);
            OutputStream out = s.getOutputStream();
            out.write("POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            slow.add(s);
        }
        inject("half-sent HTTP requests", HALF_SENT);
        inject("SSH peers that never finish the handshake", 3);
        inject("host with 100,000 unmanaged entries", 1);
        try {
            assertThat(HostilePeersIT.request(port + 1, "POST", "/api/runs", Duration.ofSeconds(3)))
                    .as(step)
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(HostilePeersIT.request(port, "GET", "/healthz", Duration.ofSeconds(3)))
                                .isEqualTo(200);
                        return HostilePeersIT.runs(d) > before;
                    });
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        steps.add(step);
    }

    private Path fleet(int port, int relayPort, List<HostileSshPeer> peers) throws Exception {
        Path std = dir.resolve("standards");
        StringBuilder inv = new StringBuilder("hosts:\n" + io.driftwarden.FloodedFleet.write(dir, ENTRIES));
        for (int i = 0; i < peers.size(); i++) {
            inv.append("  hostile-")
                    .append(i)
                    .append(": {address: 127.0.0.1, port: ")
                    .append(peers.get(i).port())
                    .append("}\n");
        }
        Files.writeString(dir.resolve("inventory.yaml"), inv);
        Process k = new ProcessBuilder(
                        "ssh-keygen",
                        "-q",
                        "-t",
                        "ed25519",
                        "-N",
                        "",
                        "-f",
                        dir.resolve("id").toString())
                .start();
        assertThat(k.waitFor()).isZero();
        Files.writeString(dir.resolve("known_hosts"), "");
        Files.writeString(dir.resolve("token"), "s3cret\n");
        reports = Files.createDirectories(dir.resolve("reports"));
        assertThat(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", reports.toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .as("mount a tmpfs for the reports (the tests run as root)")
                .isZero();
        Path cfg = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "instance: faults\nstandards: standards\n"
                        + "inventory: inventory.yaml\nreports_dir: reports\nstore: {url: \"jdbc:h2:file:./state/driftwarden\"}\n"
                        + "hmac_key_file: state/hmac.key\nsignoff: {allowed_signers: "
                        + DEMO.resolve("build/allowed_signers").toAbsolutePath()
                        + ", required: 2}\nschedule: {cron: \"0 0 0 1 1 ? 2099\"}\n"
                        + "http: {listen: \"127.0.0.1:" + port + "\", api_listen: \"127.0.0.1:" + (port + 1)
                        + "\", api_token_file: token}\n"
                        + "ssh: {identity_file: id, known_hosts: known_hosts, connect_timeout: 2s, host_timeout: 10s}\n"
                        + "email: {smtp: {host: localhost, port: " + relayPort + ", security: smtps, ca_file: "
                        + TestTls.CA + "},"
                        + " from: driftwarden@example.com, to: [cab@example.com], policy: every-run, timeout: 2s, send_deadline: 4s,"
                        + " retry_after: 1s}\n");
        assertThat(CliRun.of("standard", "manifest", "--config", cfg.toString()).exit())
                .isZero();
        for (String signer : new String[] {"alice", "bob"}) {
            Process s = new ProcessBuilder(
                            "ssh-keygen",
                            "-q",
                            "-Y",
                            "sign",
                            "-f",
                            DEMO.resolve("build/keys/" + signer).toString(),
                            "-n",
                            "driftwarden",
                            std.resolve("SIGNOFF").toString())
                    .redirectErrorStream(true)
                    .start();
            s.getInputStream().readAllBytes();
            assertThat(s.waitFor()).isZero();
            Files.move(std.resolve("SIGNOFF.sig"), std.resolve("SIGNOFF." + signer + ".sig"));
        }
        return cfg;
    }

    /** Takes every free byte of the reports tmpfs. */
    private static void fill(Path filler) throws Exception {
        try (var out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            while (true) {
                out.write(block);
            }
        } catch (java.io.IOException full) {
            // the device is full: what this step wants
        }
    }

    private static long count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (var st = c.prepareStatement(sql);
                var rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
