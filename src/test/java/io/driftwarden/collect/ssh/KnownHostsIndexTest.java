package io.driftwarden.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.collect.FailureKind;
import io.driftwarden.collect.HostObservation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index answers exactly what MINA's entry-by-entry matching answers, and the verifier uses it. */
class KnownHostsIndexTest {
    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILsdy8fIAIA9mudCnfkLUJkzfyWOWWJsIImB2uIRPluG";
    static final String ECDSA =
            "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBLRMQsNZt/kWiJP"
                    + "/FxB1G0/N+gPD5YrdABJ9W8s+lIoCNfAnApQdmiq/gOfbm1c4eSbnISpa2X6VZyPr5tEqF0k=";

    @TempDir
    Path dir;

    @Test
    void answersWhatMinaAnswersForEveryHostPlainHashedWildcardNegatedAndRevoked() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            int port = i % 3 == 0 ? 22 : 2222;
            lines.add(KnownHostsLines.hashed("web-" + i + ".example", port, ED25519));
            if (i % 10 == 0) { // a second key type for the same host
                lines.add(KnownHostsLines.hashed("web-" + i + ".example", port, ECDSA));
            }
        }
        lines.add("db-1.example,10.0.0.7 " + ED25519);
        lines.add("[db-2.example]:2200 " + ECDSA);
        lines.add("*.lab.example,!evil.lab.example " + ED25519);
        lines.add("@revoked " + KnownHostsLines.hashed("web-3.example", 22, ECDSA));
        lines.add("@cert-authority *.example " + ED25519);
        lines.add(oddSalt("odd-salt.example", 22)); // not ssh-keygen's 20 bytes: MINA's matching decides
        Path file = Files.write(dir.resolve("known_hosts"), lines);
        List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(file);
        KnownHostsIndex<KnownHostEntry> index = new KnownHostsIndex<>(entries, e -> e);

        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            asked.add("web-" + i + ".example");
        }
        asked.addAll(
                List.of("db-1.example", "10.0.0.7", "db-2.example", "a.lab.example", "evil.lab.example", "x.example"));
        asked.add("odd-salt.example");
        java.util.Map<String, List<KnownHostEntry>> expected = new java.util.HashMap<>();
        for (String host : asked) {
            for (int port : new int[] {22, 2222, 2200}) {
                expected.put(
                        host + ":" + port,
                        entries.stream().filter(e -> e.isHostMatch(host, port)).toList());
            }
        }
        int found = 0;
        for (int round = 0; round < 2; round++) { // the second round answers from what the first learned
            for (String host : asked) {
                for (int port : new int[] {22, 2222, 2200}) {
                    List<KnownHostEntry> want = expected.get(host + ":" + port);
                    assertThat(index.matching(host, port)).as(host + ":" + port).containsExactlyElementsOf(want);
                    found += want.size();
                }
            }
        }
        assertThat(found).as("the fixture matches something").isGreaterThan(2 * 170);
        List<KnownHostEntry> either = entries.stream()
                .filter(e -> e.isHostMatch("db-1.example", 22) || e.isHostMatch("10.0.0.7", 22))
                .toList();
        assertThat(either).as("the plain line and the CA line").hasSize(2);
        assertThat(index.matching(
                        List.of(new SshdSocketAddress("db-1.example", 22), new SshdSocketAddress("10.0.0.7", 22))))
                .as("two names of one host: each line once, in file order")
                .containsExactlyElementsOf(either);
    }

    /** A hashed line under a 32-byte salt, as MINA hashes it (it keys its HMAC with the first 20 bytes). */
    private static String oddSalt(String host, int port) throws Exception {
        byte[] salt = new byte[32];
        new java.util.Random(5).nextBytes(salt);
        byte[] digest = org.apache.sshd.client.config.hosts.KnownHostHashValue.calculateHashValue(
                host, port, org.apache.sshd.client.config.hosts.KnownHostHashValue.DEFAULT_DIGEST, salt);
        StringBuilder line = new StringBuilder();
        org.apache.sshd.client.config.hosts.KnownHostHashValue.append(
                line, org.apache.sshd.client.config.hosts.KnownHostHashValue.DEFAULT_DIGEST, salt, digest);
        return line.append(' ').append(ECDSA).toString();
    }

    @Test
    void theVerifierFindsAHostAmongHashedEntriesAndRefusesAChangedKey() throws Exception {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider();
        hostKeys.setAlgorithm("EC");
        server.setKeyPairProvider(hostKeys);
        server.start();
        try {
            String key = PublicKeyEntry.toString(
                    hostKeys.loadKeys(null).iterator().next().getPublic());
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                lines.add(KnownHostsLines.hashed("10.1.0." + (i % 250), 22 + i, ED25519));
            }
            lines.add(150, KnownHostsLines.hashed("127.0.0.1", server.getPort(), key));
            KnownHostsFile file = new KnownHostsFile(Files.write(dir.resolve("right"), lines));
            assertThat(handshake(file, server.getPort()))
                    .as("the right key, hashed among 300")
                    .isNull();
            assertThat(file.index().scans())
                    .as("the key order and the verifier looked the host up once between them")
                    .isEqualTo(1);

            lines.set(150, KnownHostsLines.hashed("127.0.0.1", server.getPort(), ECDSA));
            Path changed = Files.write(dir.resolve("changed"), lines);
            HostObservation.Failed f = handshake(new KnownHostsFile(changed), server.getPort());
            assertThat(f).isNotNull();
            assertThat(f.kind()).isEqualTo(FailureKind.HOST_KEY);
            assertThat(f.message()).contains("CHANGED: known_hosts has SHA256:");
        } finally {
            server.stop(true);
        }
    }

    private static HostObservation.Failed handshake(KnownHostsFile file, int port) throws Exception {
        SessionFacts facts = new SessionFacts();
        StrictKnownHosts verifier = new StrictKnownHosts(file, facts);
        Handshake handshake = new Handshake(facts, verifier);
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        client.addSessionListener(new HostKeyOrder(file));
        client.addSessionListener(handshake);
        client.start();
        try (ClientSession session = client.connect("audit", "127.0.0.1", port)
                .verify(Duration.ofSeconds(5))
                .getSession()) {
            return handshake.await(session, Duration.ofSeconds(5), Duration.ofSeconds(5), "127.0.0.1:" + port);
        } finally {
            client.stop();
        }
    }
}
