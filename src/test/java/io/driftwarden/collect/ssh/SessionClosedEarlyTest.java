package io.driftwarden.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.collect.FailureKind;
import io.driftwarden.collect.HostObservation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handshake ends (the peer hangs up, or the host key is refused and the client closes) before the caller looks
 * at why. MINA clears a session's attributes on close, so what the handshake learned must live elsewhere: here the
 * caller waits until the session is closed and only then asks, which is the order a loaded machine produces by
 * chance. Before {@link SessionFacts}, the first case read as a timeout and the second lost its reason.
 */
class SessionClosedEarlyTest {
    @TempDir
    Path dir;

    private SshClient client;
    private Handshake handshake;

    @BeforeEach
    void client() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        SessionFacts facts = new SessionFacts();
        StrictKnownHosts verifier = new StrictKnownHosts(knownHosts, facts);
        handshake = new Handshake(facts, verifier);
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        client.addSessionListener(handshake);
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
    }

    @Test
    void aPeerThatHungUpBeforeTheCallerLookedIsUnreachableNotATimeout() throws Exception {
        try (HostileSshPeer peer = new HostileSshPeer(HostileSshPeer.Kind.CLOSES_AFTER_BANNER)) {
            ClientSession session = connectAndWaitForClose(peer.port());
            HostObservation.Failed f = handshake.await(session, Duration.ofSeconds(2), Duration.ofSeconds(2), "peer");
            assertThat(f).isNotNull();
            assertThat(f.kind()).as(f.message()).isEqualTo(FailureKind.UNREACHABLE);
            assertThat(f.message()).isEqualTo("peer: closed by the peer during the SSH handshake");
        }
    }

    @Test
    void aRefusedHostKeyKeepsItsReasonAfterTheClientClosed() throws Exception {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider();
        hostKeys.setAlgorithm("EC");
        server.setKeyPairProvider(hostKeys);
        server.start();
        try {
            ClientSession session = connectAndWaitForClose(server.getPort());
            HostObservation.Failed f = handshake.await(session, Duration.ofSeconds(2), Duration.ofSeconds(2), "peer");
            assertThat(f).isNotNull();
            assertThat(f.kind()).as(f.message()).isEqualTo(FailureKind.HOST_KEY);
            assertThat(f.message())
                    .startsWith("host key SHA256:")
                    .contains("127.0.0.1:" + server.getPort())
                    .endsWith("is not in known_hosts; nothing was run (verify it out of band, then add it)");
        } finally {
            server.stop(true);
        }
    }

    private ClientSession connectAndWaitForClose(int port) throws Exception {
        ClientSession session = client.connect("audit", "127.0.0.1", port)
                .verify(Duration.ofSeconds(5))
                .getSession();
        assertThat(session.waitFor(
                        java.util.EnumSet.of(ClientSession.ClientSessionEvent.CLOSED), Duration.ofSeconds(5)))
                .contains(ClientSession.ClientSessionEvent.CLOSED);
        // closing finishes (attributes cleared) on MINA's thread just after CLOSED is signalled
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (session.getAttributesCount() > 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(session.getAttributesCount()).isZero();
        return session;
    }
}
