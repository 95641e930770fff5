package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwarden.signoff.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 9's adopt, end to end on an image host: the printed patch, applied with the real patch(1), then
 * manifested and signed, makes the next audit of that host compliant; the record draft loads; nothing else
 * (host, bundle) was changed by adopt itself.
 */
class AdoptTest {
    @TempDir
    Path dir;

    Path std;
    Path config;
    Path alice;

    @BeforeEach
    void fleet() throws Exception {
        std = dir.resolve("standards");
        Files.createDirectories(std.resolve("files"));
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                resources:
                  - group: root
                    gid: 0      # the usual
                  - file: /etc/motd
                    mode: "0644"
                    source: files/motd
                  - package: telnetd
                    ensure: absent
                """);
        Files.writeString(std.resolve("files/motd"), "welcome\n");
        Path keys = Files.createDirectories(dir.resolve("keys"));
        alice = TestKeys.generate(keys, "alice");
        Files.writeString(
                dir.resolve("allowed_signers"),
                "alice@example.com namespaces=\"driftwarden\" " + TestKeys.publicLine(alice) + "\n");
        for (String h : new String[] {"h", "other", "o2", "o3"}) {
            Path etc = Files.createDirectories(dir.resolve(h + "/etc"));
            Files.createDirectories(dir.resolve(h + "/var/lib/dpkg"));
            Files.writeString(dir.resolve(h + "/var/lib/dpkg/status"), "");
            Files.writeString(etc.resolve("group"), "root:x:0:\n");
            Files.writeString(etc.resolve("motd"), "welcome\n");
            Files.setPosixFilePermissions(etc.resolve("motd"), PosixFilePermissions.fromString("rw-r--r--"));
        }
        // the hotfixes on h: another gid, a new motd that its group may write
        Files.writeString(dir.resolve("h/etc/group"), "root:x:5:\n");
        Files.writeString(dir.resolve("h/etc/motd"), "maintenance tonight \"22:00\"\n");
        Files.setPosixFilePermissions(dir.resolve("h/etc/motd"), PosixFilePermissions.fromString("rw-rw-r--"));
        Files.writeString(
                dir.resolve("inventory.yaml"),
                "hosts:\n  h: {transport: image, root: h}\n  other: {transport: image, root: other}\n"
                        + "  o2: {transport: image, root: o2}\n  o3: {transport: image, root: o3}\n");
        config = dir.resolve("driftwarden.yaml");
        Files.writeString(
                config,
                "standards: standards\ninventory: inventory.yaml\nreports_dir: reports\n"
                        + "store: {url: \"jdbc:h2:file:./state/driftwarden\"}\nhmac_key_file: state/key\n"
                        + "signoff: {allowed_signers: allowed_signers, required: 1}\n");
        signed();
    }

    void signed() throws Exception {
        assertThat(CliRun.of("standard", "manifest", "--config", config.toString())
                        .exit())
                .isZero();
        TestKeys.sign(alice, "driftwarden", std.resolve("SIGNOFF"), std.resolve("SIGNOFF.alice.sig"));
    }

    CliRun audit() {
        return CliRun.of("audit", "--config", config.toString(), "--format", "json");
    }

    int patch(Path patchFile) throws Exception {
        Process p = new ProcessBuilder("patch", "-p1", "--batch", "-d", std.toString(), "-i", patchFile.toString())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().transferTo(System.out);
        return p.waitFor();
    }

    CliRun adopt(String resource, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(
                java.util.List.of("adopt", "--config", config.toString(), "--host", "h", "--resource", resource));
        args.addAll(java.util.List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void onOneHostOfFourTheFoldInIsScopedToThatHost() throws Exception {
        assertThat(audit().exit()).isEqualTo(2);
        String baseBefore = Files.readString(std.resolve("base.yaml"));
        Path patchFile = dir.resolve("adopt.patch");
        Path draft = dir.resolve("draft.yaml");
        CliRun a = adopt("file:/etc/motd", "--patch-out", patchFile.toString(), "--record-out", draft.toString());
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out())
                .contains("mode: the standard wants 0644 (base.yaml:6), the host has 0664; unapproved (no-approval)")
                .contains("base also selects other hosts: the patch scopes the change to h alone, in host-h.yaml")
                .contains("with the patch, h's file:/etc/motd is compliant (judged on this observation)")
                .contains("--- /dev/null\n+++ b/host-h.yaml")
                .contains("+applies_to: {hosts: [\"h\"]}\n+overrides: [\"base\"]\n+resources:\n"
                        + "+  - file: \"/etc/motd\"\n+    mode: \"0664\"\n+    source: \"files/host-h/etc/motd\"")
                .contains("+++ b/files/host-h/etc/motd")
                .contains("+maintenance tonight \"22:00\"")
                .doesNotContain("+++ b/base.yaml")
                .doesNotContain("would drift    ")
                .contains("other hosts: 0 would drift");
        assertThat(patch(patchFile)).isZero();
        String record = Files.readString(draft).replace("CHG-XXXX", "CHG-9000");
        assertThat(record).contains("resolution: fold-in").contains("applies_to: {hosts: [\"h\"]}");
        Files.createDirectories(std.resolve("approvals"));
        Files.writeString(std.resolve("approvals/CHG-9000.yaml"), record);
        signed();
        assertThat(Files.readString(std.resolve("base.yaml"))).isEqualTo(baseBefore);

        // a second hotfix of the same file, and one of another resource: the host's standard is extended
        Files.setPosixFilePermissions(dir.resolve("h/etc/motd"), PosixFilePermissions.fromString("rw-------"));
        CliRun again = adopt(
                "file:/etc/motd", "--patch-out", dir.resolve("again.patch").toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out())
                .contains("-    mode: \"0664\"\n+    mode: \"0600\"")
                .contains("other hosts: 0 would drift");
        assertThat(patch(dir.resolve("again.patch"))).isZero();
        signed();
        CliRun g = adopt("group:root", "--patch-out", dir.resolve("group.patch").toString());
        assertThat(g.exit()).as(g.err()).isZero();
        assertThat(g.out())
                .contains("+  - group: \"root\"\n+    gid: 5")
                .doesNotContain("+    gid: 5      # the usual")
                .contains("other hosts: 0 would drift");
        assertThat(patch(dir.resolve("group.patch"))).isZero();
        signed();

        CliRun after = audit();
        assertThat(after.err()).isEmpty();
        assertThat(after.exit()).as(after.out()).isZero();
        assertThat(after.out()).contains("\"status\" : \"compliant\"").doesNotContain("\"status\" : \"drift");
        assertThat(Files.readString(std.resolve("host-h.yaml")))
                .contains("overrides: [\"base\"]")
                .contains("    mode: \"0600\"");
    }

    @Test
    void sharedEditsTheSharedLinesAndSaysWhoElseWouldDrift() throws Exception {
        assertThat(audit().exit()).isEqualTo(2);
        String bundleBefore = Files.readString(std.resolve("base.yaml"));
        Path patchFile = dir.resolve("adopt.patch");
        Path draft = dir.resolve("draft.yaml");
        CliRun a = CliRun.of(
                "adopt",
                "--config",
                config.toString(),
                "--host",
                "h",
                "--resource",
                "file:/etc/motd",
                "--shared",
                "--patch-out",
                patchFile.toString(),
                "--record-out",
                draft.toString());
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out())
                .contains("mode: the standard wants 0644 (base.yaml:6), the host has 0664; unapproved (no-approval)")
                .contains("with the patch, h's file:/etc/motd is compliant (judged on this observation)")
                .contains("+    mode: \"0664\"")
                .contains("+maintenance tonight \"22:00\"")
                // the other host had the old motd: the patch would make it drift, and adopt says so
                .contains("would drift    file:/etc/motd mode: 0644 -> 0664, live 0644")
                .contains("other hosts: 3 would drift");
        assertThat(Files.readString(std.resolve("base.yaml")))
                .as("adopt changes nothing")
                .isEqualTo(bundleBefore);
        assertThat(Files.readString(dir.resolve("h/etc/motd"))).startsWith("maintenance");

        CliRun g = CliRun.of(
                "adopt",
                "--config",
                config.toString(),
                "--host",
                "h",
                "--resource",
                "group:root",
                "--shared",
                "--patch-out",
                dir.resolve("group.patch").toString());
        assertThat(g.exit()).as(g.err()).isZero();
        assertThat(g.out()).contains("-    gid: 0      # the usual").contains("+    gid: 5      # the usual");

        assertThat(patch(patchFile)).isZero();
        assertThat(patch(dir.resolve("group.patch"))).isZero();
        String record = Files.readString(draft).replace("CHG-XXXX", "CHG-9000");
        assertThat(record)
                .contains("resolution: fold-in")
                .contains("applies_to: {hosts: [\"h\"]}")
                .contains("property: mode\n    value: \"0664\"")
                .contains("property: content\n    sha256: \"sha256:");
        Files.createDirectories(std.resolve("approvals"));
        Files.writeString(std.resolve("approvals/CHG-9000.yaml"), record);
        signed();

        CliRun after = CliRun.of("audit", "--config", config.toString(), "--format", "json", "--hosts", "h");
        assertThat(after.err()).isEmpty();
        assertThat(after.exit()).as(after.out()).isZero();
        assertThat(after.out()).contains("\"status\" : \"compliant\"");
    }

    @Test
    void aCompliantResourceHasNothingToAdopt() {
        CliRun a = CliRun.of("adopt", "--config", config.toString(), "--host", "other", "--resource", "file:/etc/motd");
        assertThat(a.exit()).isEqualTo(1);
        assertThat(a.err()).isEqualTo("other: file:/etc/motd is compliant: nothing to adopt\n");
        CliRun b =
                CliRun.of("adopt", "--config", config.toString(), "--host", "other", "--resource", "file:/etc/hosts");
        assertThat(b.exit()).isEqualTo(1);
        assertThat(b.err()).isEqualTo("other: file:/etc/hosts is not declared for this host by any standard\n");
    }
}
