package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.admission.BundleAdmission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 4 end to end: `standard manifest`, real `ssh-keygen -Y sign`, `standard verify` and `audit`, with
 * each signature verdict cross-checked by `ssh-keygen -Y verify` and each manifest verdict by `sha256sum -c`.
 */
class SignedBundleTest {
    @TempDir
    Path dir;

    Path std;
    Path config;
    Path alice;
    Path bob;
    Path mallory;
    Path signers;

    @BeforeEach
    void bundle() throws Exception {
        std = Files.createDirectories(dir.resolve("standards"));
        Files.writeString(std.resolve("base.yaml"), "standard: base\nresources:\n  - group: root\n    gid: 0\n");
        Files.createDirectories(std.resolve("approvals"));
        Files.writeString(std.resolve("approvals/CHG-1.yaml"), """
                id: CHG-1
                summary: root may have gid 5
                approved_by: [carol@example.com]
                approved_at: 2026-11-20T00:00:00Z
                expires: 2027-01-30T00:00:00Z
                applies_to: {hosts: [h]}
                allow:
                  - resource: group:root
                    property: gid
                    value: "5"
                """);
        Path keys = Files.createDirectories(dir.resolve("keys"));
        alice = key(keys, "alice");
        bob = key(keys, "bob");
        mallory = key(keys, "mallory");
        signers = dir.resolve("allowed_signers");
        writeSigners(REVIEWERS.formatted(pub(alice), pub(bob))
                + "carol@example.com namespaces=\"driftwarden-approval\" " + pub(mallory) + "\n");
        Files.createDirectories(dir.resolve("root/etc"));
        Files.writeString(dir.resolve("root/etc/group"), "root:x:5:\n");
        Files.writeString(dir.resolve("inventory.yaml"), "hosts:\n  h: {transport: image, root: root}\n");
        config = dir.resolve("driftwarden.yaml");
        Files.writeString(
                config,
                "standards: standards\ninventory: inventory.yaml\nreports_dir: reports\n"
                        + "store: {url: \"jdbc:h2:file:./state/driftwarden\"}\nhmac_key_file: state/key\nsignoff: {allowed_signers: allowed_signers, required: 2}\n");
    }

    /** alice and bob sign the standard; only a line's namespaces= gives a key a role. */
    private static final String REVIEWERS =
            "alice@example.com namespaces=\"driftwarden\" %s\n" + "bob@example.com namespaces=\"driftwarden\" %s\n";

    private static Path key(Path dir, String name) throws Exception {
        return io.driftwarden.signoff.TestKeys.generate(dir, name);
    }

    private static String pub(Path key) throws Exception {
        return io.driftwarden.signoff.TestKeys.publicLine(key);
    }

    private void writeSigners(String text) throws Exception {
        Files.writeString(signers, text);
    }

    private CliRun manifest() {
        return CliRun.of("standard", "manifest", "--config", config.toString());
    }

    private void sign(Path key, String label) throws Exception {
        io.driftwarden.signoff.TestKeys.sign(
                key, "driftwarden", std.resolve("SIGNOFF"), std.resolve("SIGNOFF." + label + ".sig"));
    }

    private CliRun verify() {
        return CliRun.of("standard", "verify", "--config", config.toString());
    }

    private CliRun audit(String... extra) {
        List<String> args = new ArrayList<>(List.of("audit", "--config", config.toString(), "--format", "json"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private boolean keygenAccepts(String label, String principal) throws Exception {
        var r = io.driftwarden.signoff.TestKeys.keygenVerify(
                signers, principal, "driftwarden", std.resolve("SIGNOFF." + label + ".sig"), std.resolve("SIGNOFF"));
        return r == 0;
    }

    private boolean sha256sumAgrees() throws Exception {
        Process p = new ProcessBuilder("sha256sum", "-c", "--quiet", "SIGNOFF")
                .directory(std.toFile())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    private void signedByBoth() throws Exception {
        assertThat(manifest().exit()).isZero();
        sign(alice, "alice");
        sign(bob, "bob");
    }

    @Test
    void aProperlySignedBundleVerifiesAndAudits() throws Exception {
        signedByBoth();
        assertThat(sha256sumAgrees()).isTrue();
        assertThat(keygenAccepts("alice", "alice@example.com")).isTrue();
        CliRun v = verify();
        assertThat(v.exit()).as(v.out()).isZero();
        assertThat(v.out())
                .startsWith("VERIFIED")
                .contains("signers: [alice@example.com, bob@example.com] (2 counted, 2 required)");
        CliRun a = audit();
        assertThat(a.err()).isEmpty();
        assertThat(a.exit()).isEqualTo(2); // gid 5 drifts; CHG-1 is not signed by its approver carol
        assertThat(a.out())
                .contains("\"verified\" : true")
                .contains("\"serial\" : 1")
                .contains("\"unauthorised\" : [ \"CHG-1\" ]")
                .contains("\"reason\" : \"no-approval\"");
    }

    @Test
    void aRecordSignedByItsApproverApproves() throws Exception {
        io.driftwarden.signoff.TestKeys.sign(
                mallory,
                "driftwarden-approval",
                std.resolve("approvals/CHG-1.yaml"),
                std.resolve("approvals/CHG-1.yaml.carol.sig"));
        signedByBoth();
        CliRun a = audit();
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out()).contains("\"classification\" : \"approved\"").contains("\"unauthorised\" : [ ]");
    }

    @Test
    void aRecordSignedBySomeoneElseApprovesNothing() throws Exception {
        // alice signs the record in the approval namespace, but she is not in its approved_by (and her key
        // is not allowed in that namespace); a standard signer is not an approver of deviations
        writeSigners(REVIEWERS.formatted(pub(alice), pub(bob))
                + "carol@example.com namespaces=\"driftwarden-approval\" " + pub(mallory) + "\n");
        io.driftwarden.signoff.TestKeys.sign(
                alice,
                "driftwarden-approval",
                std.resolve("approvals/CHG-1.yaml"),
                std.resolve("approvals/CHG-1.yaml.alice.sig"));
        signedByBoth();
        CliRun a = audit();
        assertThat(a.exit()).isEqualTo(2);
        assertThat(a.out()).contains("\"unauthorised\" : [ \"CHG-1\" ]");
        assertThat(verify().out())
                .contains("record CHG-1 (standards): REFUSED unauthorised (approves nothing)")
                .contains("is no approver's: no line of");
        // even once alice is an approver too, she is not one of this record's approvers
        writeSigners(REVIEWERS.formatted(pub(alice), pub(bob))
                + "alice@example.com namespaces=\"driftwarden-approval\" " + pub(alice) + "\n"
                + "carol@example.com namespaces=\"driftwarden-approval\" " + pub(mallory) + "\n");
        assertThat(audit().out()).contains("\"unauthorised\" : [ \"CHG-1\" ]");
        assertThat(verify().out()).contains("alice@example.com is not in approved_by");
    }

    @Test
    void aRecordSignedAfterTheRevisionTakesEffectWithoutANewRevision() throws Exception {
        signedByBoth();
        CliRun first = audit();
        assertThat(first.exit()).as(first.err()).isEqualTo(2); // revision 1 accepted; CHG-1 unsigned, gid drifts
        String signoff = Files.readString(std.resolve("SIGNOFF"));
        // at 3 a.m. the approver signs the record; the standard's reviewers sign nothing
        io.driftwarden.signoff.TestKeys.sign(
                mallory,
                "driftwarden-approval",
                std.resolve("approvals/CHG-1.yaml"),
                std.resolve("approvals/CHG-1.yaml.carol.sig"));
        CliRun next = audit();
        assertThat(next.exit()).as(next.err()).isZero();
        assertThat(next.out())
                .contains("\"classification\" : \"approved\"")
                .contains("\"serial\" : 1")
                .contains("\"unauthorised\" : [ ]");
        assertThat(Files.readString(std.resolve("SIGNOFF"))).isEqualTo(signoff);
        assertThat(std.resolve("SIGNOFF.carol.sig")).doesNotExist();
        assertThat(verify().out()).startsWith("VERIFIED").contains("record CHG-1 (standards): effective, signed by");
    }

    @Test
    void aKeyWithoutTheApprovalNamespaceAloneCannotAuthoriseARecord() throws Exception {
        io.driftwarden.signoff.TestKeys.sign(
                mallory,
                "driftwarden-approval",
                std.resolve("approvals/CHG-1.yaml"),
                std.resolve("approvals/CHG-1.yaml.carol.sig"));
        signedByBoth();
        for (String options : new String[] {"", "namespaces=\"driftwarden,driftwarden-approval\" "}) {
            writeSigners(
                    REVIEWERS.formatted(pub(alice), pub(bob)) + "carol@example.com " + options + pub(mallory) + "\n");
            // ssh-keygen itself takes carol's signature for the approval namespace from either line
            assertThat(io.driftwarden.signoff.TestKeys.keygenVerify(
                            signers,
                            "carol@example.com",
                            "driftwarden-approval",
                            std.resolve("approvals/CHG-1.yaml.carol.sig"),
                            std.resolve("approvals/CHG-1.yaml")))
                    .isZero();
            CliRun a = audit();
            assertThat(a.exit()).as(options + a.err()).isEqualTo(2);
            assertThat(a.out()).contains("\"unauthorised\" : [ \"CHG-1\" ]").contains("\"reason\" : \"no-approval\"");
            assertThat(verify().out())
                    .contains("record CHG-1 (standards): REFUSED unauthorised")
                    .contains("gives it namespaces=\"driftwarden-approval\" alone");
        }
    }

    @Test
    void oneChangedByteIsNamed() throws Exception {
        signedByBoth();
        Files.writeString(
                std.resolve("base.yaml"),
                Files.readString(std.resolve("base.yaml")).replace("gid: 0", "gid: 1"));
        assertThat(sha256sumAgrees()).isFalse();
        assertThat(keygenAccepts("alice", "alice@example.com")).isTrue(); // the signature itself is still good
        CliRun v = verify();
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out()).startsWith("NOT VERIFIED").contains("problem: changed: base.yaml");
        CliRun a = audit();
        assertThat(a.exit()).isEqualTo(1);
        assertThat(a.err()).contains("not verified: changed: base.yaml");
        assertThat(dir.resolve("reports")).doesNotExist();
    }

    @Test
    void anExtraFileAMissingFileAndASymlinkAreNamed() throws Exception {
        Files.createDirectories(std.resolve("files"));
        Files.writeString(std.resolve("files/motd"), "welcome\n");
        Files.writeString(std.resolve("approvals/README.md"), "how we approve\n"); // not an approvals file: covered
        signedByBoth();
        assertThat(Files.readString(std.resolve("SIGNOFF")))
                .contains("  approvals/README.md\n")
                .doesNotContain("CHG-1");
        Files.writeString(std.resolve("extra.yaml"), "standard: extra\nresources: []\n");
        Files.delete(std.resolve("files/motd"));
        Files.writeString(std.resolve("approvals/README.md"), "how we approve, edited\n");
        Files.createSymbolicLink(std.resolve("link.txt"), Path.of("/etc/passwd"));
        CliRun v = verify();
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out())
                .contains("problem: appeared: extra.yaml")
                .contains("problem: vanished: files/motd")
                .contains("problem: changed: approvals/README.md")
                .contains("problem: not a regular file: link.txt");
        assertThat(sha256sumAgrees()).isFalse();
    }

    @Test
    void quorumOfTwoWithOneSignatureAndTheSameKeyTwiceFail() throws Exception {
        assertThat(manifest().exit()).isZero();
        sign(alice, "alice");
        assertThat(verify().out()).contains("signed by 1 counted signer(s) [alice@example.com], 2 required");
        sign(alice, "alice-again");
        CliRun v = verify();
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out())
                .contains("SIGNOFF.alice.sig: does not count: same key as another signature: counted once")
                .contains("signers: [alice@example.com] (1 counted, 2 required)");
        assertThat(keygenAccepts("alice-again", "alice@example.com")).isTrue();
    }

    @Test
    void unknownKeyWrongNamespaceExpiredSignerAndSharedKeyDoNotCount() throws Exception {
        signedByBoth();
        io.driftwarden.signoff.TestKeys.sign(
                mallory, "driftwarden", std.resolve("SIGNOFF"), std.resolve("SIGNOFF.m.sig"));
        io.driftwarden.signoff.TestKeys.sign(bob, "file", std.resolve("SIGNOFF"), std.resolve("SIGNOFF.ns.sig"));
        CliRun v = verify();
        assertThat(v.out())
                .contains("SIGNOFF.m.sig: does not count: key " + io.driftwarden.signoff.TestKeys.fingerprint(mallory)
                        + " is not valid for namespace driftwarden");
        assertThat(v.out()).contains("SIGNOFF.ns.sig: does not count: namespace is 'file', expected 'driftwarden'");
        assertThat(keygenAccepts("m", "carol@example.com")).isFalse();
        assertThat(keygenAccepts("ns", "bob@example.com")).isFalse();
        assertThat(v.exit()).isZero(); // invalid signatures are reported and ignored: alice and bob still count

        writeSigners("alice@example.com namespaces=\"driftwarden\",valid-before=\"20200101Z\" " + pub(alice) + "\n"
                + "bob@example.com namespaces=\"driftwarden\" " + pub(bob) + "\n");
        assertThat(verify().out())
                .contains("SIGNOFF.alice.sig: does not count")
                .contains("not valid for namespace driftwarden");
        assertThat(keygenAccepts("alice", "alice@example.com")).isFalse();

        writeSigners("alice@example.com,bob@example.com namespaces=\"driftwarden\" " + pub(alice) + "\n"
                + "bob@example.com namespaces=\"driftwarden\" " + pub(bob) + "\n");
        CliRun shared = verify();
        assertThat(shared.out())
                .contains("SIGNOFF.alice.sig: does not count: key")
                .contains("several principals");
        assertThat(shared.exit()).isEqualTo(1);
    }

    @Test
    void truncatedAndGarbageSignaturesAreReportedAndIgnored() throws Exception {
        signedByBoth();
        String good = Files.readString(std.resolve("SIGNOFF.alice.sig"));
        Files.writeString(std.resolve("SIGNOFF.cut.sig"), good.substring(0, 60) + "\n-----END SSH SIGNATURE-----\n");
        Files.writeString(std.resolve("SIGNOFF.junk.sig"), "junk");
        CliRun v = verify();
        assertThat(v.exit()).isZero();
        assertThat(v.out())
                .contains("SIGNOFF.cut.sig: does not count: unparseable")
                .contains("SIGNOFF.junk.sig: does not count: unparseable");
    }

    @Test
    void rollbackAndForkOverThreeRevisions() throws Exception {
        signedByBoth();
        assertThat(audit().exit()).isEqualTo(2); // revision 1 accepted
        Path rev1 = Files.createDirectories(dir.resolve("rev1"));
        io.driftwarden.TestFiles.copyTree(std, rev1);

        Files.writeString(
                std.resolve("base.yaml"), Files.readString(std.resolve("base.yaml")) + "  - group: adm\n    gid: 4\n");
        signedByBoth(); // revision 2, previous = revision 1
        assertThat(Files.readString(std.resolve("REVISION"))).contains("serial: 2");
        assertThat(Files.readString(std.resolve("REVISION"))).contains("previous: \"sha256:");
        CliRun two = audit();
        assertThat(two.out()).contains("\"serial\" : 2").contains("\"problem\" : null");
        CliRun diffNone = CliRun.of("standard", "diff", "--config", config.toString());
        assertThat(diffNone.out()).contains("unchanged");

        copyBack(rev1); // someone restores revision 1
        CliRun rolled = audit();
        assertThat(rolled.exit()).isEqualTo(1);
        assertThat(rolled.err()).contains("rollback: serial 1 is older than the accepted serial 2");
        assertThat(verify().out()).contains("problem: rollback");

        // revision 3 built from revision 1 (previous points at 1, not at the accepted 2): a fork, accepted and flagged
        Files.writeString(
                std.resolve("base.yaml"),
                Files.readString(std.resolve("base.yaml")) + "  - group: staff\n    gid: 50\n");
        Files.writeString(
                std.resolve("REVISION"),
                Files.readString(std.resolve("REVISION")).replace("serial: 1", "serial: 3"));
        String manifest =
                io.driftwarden.signoff.Manifest.render(io.driftwarden.bundle.BundleFiles.read(std, List.of()));
        Files.writeString(std.resolve("SIGNOFF"), manifest);
        Files.delete(std.resolve("SIGNOFF.alice.sig")); // restored with revision 1
        Files.delete(std.resolve("SIGNOFF.bob.sig"));
        sign(alice, "alice");
        sign(bob, "bob");
        CliRun forked = audit();
        assertThat(forked.exit()).as(forked.err()).isEqualTo(2);
        assertThat(forked.out()).contains("\"serial\" : 3").contains("fork: REVISION previous is");

        // the same serial with other content is a rollback too
        Files.writeString(
                std.resolve("base.yaml"),
                Files.readString(std.resolve("base.yaml")) + "  - group: games\n    gid: 60\n");
        Files.writeString(
                std.resolve("SIGNOFF"),
                io.driftwarden.signoff.Manifest.render(io.driftwarden.bundle.BundleFiles.read(std, List.of())));
        Files.delete(std.resolve("SIGNOFF.alice.sig"));
        Files.delete(std.resolve("SIGNOFF.bob.sig"));
        sign(alice, "alice");
        sign(bob, "bob");
        assertThat(audit().err()).contains("rollback: serial 3 was already accepted");
    }

    @Test
    void diffShowsFilesResourcesAndProperties() throws Exception {
        signedByBoth();
        assertThat(audit().exit()).isEqualTo(2);
        Files.writeString(
                std.resolve("base.yaml"),
                "standard: base\nresources:\n  - group: root\n    gid: 1\n  - package: nginx\n");
        CliRun d = CliRun.of("standard", "diff", "--config", config.toString());
        assertThat(d.out())
                .contains("~ base.yaml")
                .contains("~ base: group:root gid: 0 -> 1")
                .contains("+ base: package:nginx");
    }

    @Test
    void impactIsJudgedAgainstEachHostsLastAudit() throws Exception {
        Files.writeString(dir.resolve("root/etc/group"), "root:x:5:\nadm:x:4:\n");
        Files.writeString(
                std.resolve("base.yaml"),
                "standard: base\nresources:\n  - group: root\n    gid: 0\n" + "  - group: adm\n    gid: 4\n");
        signedByBoth();
        assertThat(audit().exit()).isEqualTo(2); // root's gid 5 drifts, adm is compliant
        Files.writeString(
                std.resolve("base.yaml"),
                "standard: base\nresources:\n  - group: root\n    gid: 5\n"
                        + "  - group: adm\n    gid: 40\n  - group: staff\n");
        Files.createDirectories(dir.resolve("root2/etc"));
        Files.writeString(
                dir.resolve("inventory.yaml"),
                "hosts:\n  h: {transport: image, root: root}\n" + "  new: {transport: image, root: root2}\n");
        CliRun v = CliRun.of("standard", "verify", "--impact", "--config", config.toString());
        assertThat(v.exit()).as(v.out()).isEqualTo(1); // the candidate is not signed yet: impact is for reviewers
        assertThat(v.out())
                .containsPattern(
                        "\n  h \\(audited 20\\S+Z under revision 1\\): 1 would drift, 1 would resolve, 1 cannot tell\n");
        assertThat(v.out().lines().map(String::strip).toList())
                .contains("would drift    group:adm gid: 4 -> 40, live 4 (base.yaml:6); compliant at the last audit")
                .contains(
                        "would resolve  group:root gid: 0 -> 5, live 5 (base.yaml:4); the live value meets the new demand")
                .contains(
                        "cannot tell    group:staff ensure: now present (base.yaml:7); newly declared for this host; never observed")
                .contains("new: never audited successfully: cannot tell")
                .contains(
                        "impact: 2 hosts; 1 would drift, 1 would resolve, 0 still drift, 1 cannot tell; 1 hosts cannot be judged");
        // the prediction holds: sign the candidate and audit
        signedByBoth();
        CliRun a = audit("--hosts", "h");
        var drifts = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(a.out())
                .at("/hosts/0/drifts");
        assertThat(drifts.findValuesAsText("resource")).contains("group:adm").doesNotContain("group:root");
        assertThat(a.out())
                .as("the events say what the new revision resolved")
                .contains("\"resource\" : \"group:root\"");
    }

    @Test
    void aWritableAllowedSignersFileIsRefused() throws Exception {
        signedByBoth();
        Files.setPosixFilePermissions(signers, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        CliRun a = audit();
        assertThat(a.exit()).isEqualTo(1);
        assertThat(a.err()).startsWith(signers + ": allowed_signers is group- or world-writable; refused");
    }

    @Test
    void aHugeFileDroppedIntoTheBundleIsARefusedBundleNotAnOutOfMemoryError() throws Exception {
        signedByBoth();
        assertThat(audit().exit()).isEqualTo(2); // revision 1 accepted
        Path huge = std.resolve("files/core.dump");
        Files.createDirectories(huge.getParent());
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: no disk, but 3 GiB of heap if read whole
        }
        String refusal =
                huge + ": a bundle file is 3221225472 bytes, over the 4194304-byte limit; refused without reading it";
        CliRun a = audit();
        assertThat(a.exit()).isEqualTo(1);
        assertThat(a.err().lines()).containsExactly(refusal);
        assertThat(verify().exit()).isEqualTo(1);

        // the daemon's admission: the refused bundle falls back to the last accepted revision, with the refusal to mail
        var cfg = io.driftwarden.config.ConfigLoader.load(config, java.util.Map.of());
        try (var store = io.driftwarden.store.Store.open(cfg.store().url())) {
            var admitted = BundleAdmission.openOrLastAccepted(
                    cfg,
                    config,
                    false,
                    java.time.Instant.now(),
                    io.driftwarden.store.JdbcStorage.revisions(store),
                    io.driftwarden.run.Inventories.load(cfg));
            assertThat(admitted.refusal()).containsExactly(refusal);
            assertThat(admitted.refusedDigest()).startsWith("sha256:");
            assertThat(admitted.info().serial()).isEqualTo(1L);
        }
    }

    @Test
    void aHugeAllowedSignersFileIsRefusedUnread() throws Exception {
        signedByBoth();
        try (var f = new java.io.RandomAccessFile(signers.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        CliRun a = audit();
        assertThat(a.exit()).isEqualTo(1);
        assertThat(a.err().lines())
                .containsExactly(
                        signers
                                + ": allowed_signers is 3221225472 bytes, over the 4194304-byte limit; refused without reading it");
    }

    private void copyBack(Path rev) throws Exception {
        try (var s = Files.walk(std)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(std)) {
                    Files.delete(p);
                }
            }
        }
        io.driftwarden.TestFiles.copyTree(rev, std);
    }
}
