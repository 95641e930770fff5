package io.driftwarden.signoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the two parsers that read untrusted bytes: SSHSIG signatures and allowed_signers lines. Over
 * 1,000,000 inputs in all (mutations of real ssh-keygen output and raw noise); the only exception allowed
 * out is the clear {@link SshFormatException}, and a parsed signature's verify never throws.
 */
class ParserFuzzTest {
    static final int TRIES = 250_000;
    static byte[] blob;
    static String keyLine;
    static final byte[] MESSAGE = "0000  base.yaml\n".getBytes(StandardCharsets.US_ASCII);

    @BeforeContainer
    static void realSignature() throws Exception {
        Path dir = Files.createTempDirectory("dw-fuzz");
        Path key = SshKeygen.key(dir, "k", "ecdsa", 256);
        Path msg = Files.write(dir.resolve("m"), MESSAGE);
        String armored = Files.readString(SshKeygen.sign(key, "driftwarden", msg));
        blob = Base64.getMimeDecoder()
                .decode(armored.replace("-----BEGIN SSH SIGNATURE-----", "")
                        .replace("-----END SSH SIGNATURE-----", "")
                        .strip());
        keyLine = SshKeygen.publicLine(key);
    }

    /** A real signature blob with a few bytes changed, cut, or spliced in. */
    @Provide
    Arbitrary<byte[]> mutatedBlobs() {
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, 400);
        return Combinators.combine(
                        pos,
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, 3),
                        pos)
                .as((p, b, kind, len) -> {
                    byte[] x = blob.clone();
                    int i = p % x.length;
                    return switch (kind) {
                        case 0 -> {
                            x[i] = (byte) b.intValue();
                            yield x;
                        }
                        case 1 -> Arrays.copyOf(x, i);
                        case 2 -> {
                            x[i] ^= (byte) (1 << (b % 8));
                            x[(i + len) % x.length] = (byte) (b * 7);
                            yield x;
                        }
                        default -> {
                            byte[] y = Arrays.copyOf(x, x.length + 4);
                            System.arraycopy(x, i, y, i + 4, x.length - i);
                            y[i] = (byte) 0x7f;
                            y[i + 1] = (byte) b.intValue();
                            y[i + 2] = 0;
                            y[i + 3] = (byte) len.intValue();
                            yield y;
                        }
                    };
                });
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
    void mutatedSignaturesFailOnlyClearly(@ForAll("mutatedBlobs") byte[] mutated) {
        String armored = "-----BEGIN SSH SIGNATURE-----\n"
                + Base64.getMimeEncoder().encodeToString(mutated) + "\n-----END SSH SIGNATURE-----\n";
        try {
            SshSig s = SshSig.parse(armored.getBytes(StandardCharsets.US_ASCII));
            String verdict = s.verify(MESSAGE, "driftwarden");
            if (!Arrays.equals(mutated, blob)) {
                assertThat(verdict).as("a changed signature must never verify").isNotNull();
            }
        } catch (SshFormatException expected) {
            // the clear verification failure
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
    void noiseIsRefusedClearly(@ForAll byte[] noise) {
        try {
            SshSig.parse(("-----BEGIN SSH SIGNATURE-----\n"
                                    + Base64.getMimeEncoder().encodeToString(noise) + "\n-----END SSH SIGNATURE-----\n")
                            .getBytes(StandardCharsets.US_ASCII))
                    .verify(MESSAGE, "driftwarden");
        } catch (SshFormatException expected) {
            // the clear verification failure
        }
        try {
            SshSig.parse(noise);
        } catch (SshFormatException expected) {
            // the clear verification failure
        }
    }

    /** allowed_signers lines built from real pieces, shuffled, cut and sprinkled with quotes and options. */
    @Provide
    Arbitrary<String> signerLines() {
        Arbitrary<String> piece = Arbitraries.of(
                "alice@example.com",
                "\"a b\"",
                "*@x",
                "namespaces=\"driftwarden,git\"",
                "valid-after=\"20260101\"",
                "valid-before=\"202612010000Z\"",
                "cert-authority",
                keyLine,
                "ssh-ed25519",
                keyLine.split(" ")[1],
                "\"",
                ",",
                "#",
                "ssh-rsa AAAA",
                "valid-before=\"x\"",
                "=",
                "\t",
                "ecdsa-sha2-nistp256");
        Arbitrary<String> line = piece.list().ofMaxSize(6).map(l -> String.join(" ", l));
        Arbitrary<String> cut = Combinators.combine(line, Arbitraries.integers().between(0, 200))
                .as((l, n) -> l.substring(0, Math.min(l.length(), n)));
        return Arbitraries.oneOf(line, cut, Arbitraries.strings().ofMaxLength(80))
                .list()
                .ofMaxSize(4)
                .map(l -> String.join("\n", l));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
    void allowedSignersNeverThrow(@ForAll("signerLines") String text) throws Exception {
        AllowedSigners as = AllowedSigners.parse("allowed_signers", text.getBytes(StandardCharsets.UTF_8));
        String[] k = keyLine.split(" ");
        AllowedSigners.Principal p =
                as.principalFor(SshPublicKey.parse(k[0], k[1]), AllowedSigners.Role.REVIEWER, Instant.now());
        assertThat(p.counts() || p.refusal() != null).isTrue();
        // a line is an entry, a problem, or both (an entry that serves no role is also reported)
        assertThat(as.entries().size()).isLessThanOrEqualTo(text.split("\n", -1).length);
        assertThat(as.problems().size()).isLessThanOrEqualTo(text.split("\n", -1).length);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
    void keyBlobsFailOnlyClearly(@ForAll("mutatedBlobs") byte[] mutated) {
        try {
            // the SSHSIG header is 10 bytes (preamble + version); what follows starts with the key's length
            SshPublicKey.fromBlob(mutated.length <= 14 ? mutated : Arrays.copyOfRange(mutated, 14, mutated.length));
        } catch (SshFormatException expected) {
            // the clear verification failure
        }
    }

    /** Index and tombstone texts built from real pieces, shuffled and cut: parsed or refused with problems, never thrown. */
    @Provide
    Arbitrary<String> approvalsTexts() {
        Arbitrary<String> piece = Arbitraries.of(
                "serial: 2",
                "serial: -1",
                "previous: none",
                "previous: \"sha256:" + "a".repeat(64) + "\"",
                "created: \"2026-12-07T03:00:00Z\"",
                "files: {}",
                "files:",
                "  \"CHG-1.yaml\": \"sha256:" + "b".repeat(64) + "\"",
                "  \"x.yml\": \"sha256:0\"",
                "  \"../CHG-2.withdrawn\": 1",
                "id: CHG-1",
                "withdrawn_at: 2026-12-07T03:00:00Z",
                "withdrawn_at: 2026-12-07",
                "withdrawn_by: carol@example.com",
                "reason: \"x\"",
                "&a [1]",
                "*a",
                "\t",
                ":");
        Arbitrary<String> text = piece.list().ofMaxSize(8).map(l -> String.join("\n", l));
        return Arbitraries.oneOf(text, Arbitraries.strings().ofMaxLength(120));
    }

    // the YAML reader is slower per try than the byte parsers above: fewer tries, the same kind of input
    @Property(tries = 20_000, shrinking = ShrinkingMode.OFF, generation = GenerationMode.RANDOMIZED)
    void indexesAndTombstonesParseOrSayWhy(@ForAll("approvalsTexts") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        io.driftwarden.yaml.Problems problems = new io.driftwarden.yaml.Problems();
        var index = ApprovalsIndex.parse("INDEX", bytes, problems);
        assertThat(index.isPresent() || !problems.isEmpty()).isTrue();
        index.ifPresent(i -> {
            assertThat(i.serial()).isPositive();
            assertThat(i.files().keySet())
                    .allMatch(f -> io.driftwarden.approval.ApprovalFiles.kind(f)
                                    == io.driftwarden.approval.ApprovalFiles.Kind.RECORD
                            || io.driftwarden.approval.ApprovalFiles.kind(f)
                                    == io.driftwarden.approval.ApprovalFiles.Kind.TOMBSTONE);
            // what approvals index writes reads back the same
            assertThat(ApprovalsIndex.parse(
                            "INDEX", i.render().getBytes(StandardCharsets.UTF_8), new io.driftwarden.yaml.Problems()))
                    .contains(i);
        });
        io.driftwarden.yaml.Problems p2 = new io.driftwarden.yaml.Problems();
        var tomb = io.driftwarden.yaml.StrictYaml.parse("t.withdrawn", bytes, p2)
                .flatMap(n -> io.driftwarden.approval.Tombstone.parse(n, p2));
        assertThat(tomb.isPresent() || !p2.isEmpty()).isTrue();
    }
}
