package io.driftwarden.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.collect.HostObservation;
import io.driftwarden.collect.ObservationRequest;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Peers on loopback that accept TCP and then never finish the SSH handshake. Each fails within
 * {@code ssh.connect_timeout} as timeout, protocol or unreachable, naming address:port, never as auth after
 * {@code ssh.host_timeout} (set far away here, so waiting for it would fail the time bound).
 */
class HandshakeFaultsTest {
    enum Peer {
        SILENT("timeout"),
        TRICKLED_PRE_BANNER_LINES("timeout"),
        ENDLESS_PRE_BANNER_LINES("protocol"),
        GARBAGE_AFTER_BANNER("protocol"),
        CLOSES_AFTER_BANNER("unreachable");

        final String kind;

        Peer(String kind) {
            this.kind = kind;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Peer.class)
    void aPeerThatNeverFinishesTheHandshakeFailsWithinTheConnectTimeout(Peer peer) throws Exception {
        Path key = dir.resolve("id");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(p.waitFor()).isZero();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        SshSettings settings = SshSettings.audit(key, null, knownHosts, Duration.ofSeconds(2), Duration.ofSeconds(60), null, false);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread t = new Thread(() -> serve(server, peer), "hostile-ssh-peer");
            t.setDaemon(true);
            t.start();
            Host host = new Host("hostile", Transport.SSH, "127.0.0.1", server.getLocalPort(), "audit", Set.of(), Map.of(),
                    null, null);
            try (SshTransport ssh = new SshTransport(settings)) {
                long t0 = System.nanoTime();
                HostObservation o = ssh.observe(host, new ObservationRequest(List.of(), List.of(), List.of(), List.of(), false,
                        List.of(), false, ObservationRequest.Inventorying.NONE, List.of()));
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(o).isInstanceOf(HostObservation.Failed.class);
                HostObservation.Failed f = (HostObservation.Failed) o;
                assertThat(f.kind()).as(f.message()).isEqualTo(peer.kind);
                assertThat(f.message()).startsWith("127.0.0.1:" + server.getLocalPort() + ": ");
                assertThat(took).as(f.message()).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    private static void serve(ServerSocket server, Peer peer) {
        try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
            switch (peer) {
                case SILENT -> Thread.sleep(30_000);
                case TRICKLED_PRE_BANNER_LINES -> {
                    for (int i = 0; i < 300; i++) {
                        out.write(("welcome line " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(100);
                    }
                }
                case ENDLESS_PRE_BANNER_LINES -> {
                    byte[] line = "x".repeat(200).concat("\r\n").getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < 100_000; i++) {
                        out.write(line);
                    }
                }
                case GARBAGE_AFTER_BANNER -> {
                    out.write("SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] junk = new byte[4096];
                    new java.util.Random(7).nextBytes(junk);
                    for (int i = 0; i < 64; i++) {
                        out.write(junk);
                    }
                    out.flush();
                    Thread.sleep(30_000);
                }
                case CLOSES_AFTER_BANNER -> {
                    out.write("SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.getInputStream().read(new byte[64]);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up: expected
        }
    }
}
