package io.driftwarden.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.collect.HostObservation;
import io.driftwarden.collect.ObservationRequest;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Transport;
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
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(HostileSshPeer.Kind.class)
    void aPeerThatNeverFinishesTheHandshakeFailsWithinTheConnectTimeout(HostileSshPeer.Kind peer) throws Exception {
        Path key = dir.resolve("id");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(p.waitFor()).isZero();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        SshSettings settings =
                SshSettings.audit(key, null, knownHosts, Duration.ofSeconds(2), Duration.ofSeconds(60), null, false);
        try (HostileSshPeer server = new HostileSshPeer(peer)) {
            Host host = new Host(
                    "hostile", Transport.SSH, "127.0.0.1", server.port(), "audit", Set.of(), Map.of(), null, null);
            try (SshTransport ssh = new SshTransport(settings)) {
                long t0 = System.nanoTime();
                HostObservation o = ssh.observe(
                        host,
                        new ObservationRequest(
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                false,
                                List.of(),
                                false,
                                ObservationRequest.Inventorying.NONE,
                                List.of()));
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(o).isInstanceOf(HostObservation.Failed.class);
                HostObservation.Failed f = (HostObservation.Failed) o;
                assertThat(f.kind().label()).as(f.message()).isEqualTo(peer.failure);
                assertThat(f.message()).startsWith("127.0.0.1:" + server.port() + ": ");
                assertThat(took).as(f.message()).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    /** Keys agreed, then the server sits on the authentication request: a timeout naming the peer, not an auth refusal. */
    @org.junit.jupiter.api.Test
    void aPeerThatStallsAfterTheKeyExchangeIsATimeoutNotARefusal() throws Exception {
        Path key = dir.resolve("id");
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                        .start()
                        .waitFor())
                .isZero();
        org.apache.sshd.server.SshServer server = org.apache.sshd.server.SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        var hostKeys = new org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider();
        hostKeys.setAlgorithm("EC");
        server.setKeyPairProvider(hostKeys);
        server.setPublickeyAuthenticator((user, k, session) -> {
            try {
                Thread.sleep(20_000); // never answers in time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        });
        server.start();
        try {
            java.security.PublicKey pub =
                    hostKeys.loadKeys(null).iterator().next().getPublic();
            Path knownHosts = Files.writeString(
                    dir.resolve("known_hosts"),
                    "[127.0.0.1]:" + server.getPort() + " "
                            + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(pub) + "\n");
            SshSettings settings =
                    SshSettings.audit(key, null, knownHosts, Duration.ofSeconds(2), Duration.ofSeconds(3), null, false);
            Host host = new Host(
                    "stalls", Transport.SSH, "127.0.0.1", server.getPort(), "audit", Set.of(), Map.of(), null, null);
            try (SshTransport ssh = new SshTransport(settings)) {
                HostObservation o = ssh.observe(
                        host,
                        new ObservationRequest(
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                false,
                                List.of(),
                                false,
                                ObservationRequest.Inventorying.NONE,
                                List.of()));
                HostObservation.Failed f = (HostObservation.Failed) o;
                assertThat(f.kind()).as(f.message()).isEqualTo(io.driftwarden.collect.FailureKind.TIMEOUT);
                assertThat(f.message()).startsWith("127.0.0.1:" + server.getPort() + ": authentication did not finish");
            }
        } finally {
            server.stop(true);
        }
    }
}
