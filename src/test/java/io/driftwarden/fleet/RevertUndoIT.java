package io.driftwarden.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwarden.cli.CliRun;
import io.driftwarden.config.StoreUrl;
import io.driftwarden.revert.Evidence;
import io.driftwarden.signoff.TestKeys;
import io.driftwarden.store.EvidenceStore;
import io.driftwarden.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every revertible kind that {@link RevertIT} reverts but does not undo, over real OpenSSH: the operator (ops-alice)
 * makes a hotfix with sudo, {@code revert --yes} puts it back, its evidence row is read from the store, then
 * {@code revert --undo --yes} and the host is exactly as the hotfix left it. Content and user are undone in RevertIT.
 * An exclusive directory's unmanaged entries are the red team's case: the revert used to delete the entry and
 * crash before writing any evidence.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RevertUndoIT {
    static final String DROP = "/etc/dw-drop.d";

    @TempDir
    static Path dir;

    static SshHost host;
    static Path config;
    static Path operatorKey;
    static String storeUrl;

    @BeforeAll
    static void host() throws Exception {
        Keys audit = Keys.generate(dir, "audit_id");
        Keys enforce = Keys.generate(dir, "enforce_id");
        Keys operator = Keys.generate(dir, "operator_id");
        operatorKey = operator.privateKey();
        host = SshHost.start(
                audit.publicLine(),
                null,
                null,
                true,
                java.util.Map.of("ENFORCE_KEY", enforce.publicLine(), "OPERATOR_KEY", operator.publicLine()));
        Files.writeString(dir.resolve("known_hosts"), host.knownHostsLine("[127.0.0.1]:" + host.port()) + "\n");
        host.exec(
                "sh",
                "-c",
                "printf 'verbose=0\\n' > /etc/dw-tool.conf && chmod 0640 /etc/dw-tool.conf"
                        + " && printf 'x\\n' > /etc/dw-owned.conf && chmod 0644 /etc/dw-owned.conf"
                        + " && printf 'net.ipv4.ip_forward = 0\\n' > /etc/sysctl.d/60-net.conf"
                        + " && mkdir -m 0755 " + DROP + " && printf 'a\\n' > " + DROP + "/10-declared.conf");

        Path std = Files.createDirectories(dir.resolve("standards"));
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                resources:
                  - file: /etc/dw-tool.conf
                    mode: "0640"
                  - file: /etc/dw-owned.conf
                    owner: root
                    group: root
                  - file: /etc/dw-drop.d
                    ensure: directory
                    exclusive: true
                  - file: /etc/dw-drop.d/10-declared.conf
                    mode: "0644"
                  - package: tree
                  - sysctl: net.ipv4.ip_forward
                    persisted: "0"
                  - service: dw-demo
                    enabled: true
                """);
        Path alice = TestKeys.generate(Files.createDirectories(dir.resolve("keys")), "alice");
        Files.writeString(
                dir.resolve("allowed_signers"),
                "alice@example.com namespaces=\"driftwarden\" " + TestKeys.publicLine(alice) + "\n");
        Files.writeString(
                dir.resolve("inventory.yaml"), "hosts:\n  dw: {address: 127.0.0.1, port: " + host.port() + "}\n");
        config = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                RevertIT.base() + "enforce: {user: dw-enforce, identity_file: enforce_id, sudo: true}\n");
        CliRun m = CliRun.of("standard", "manifest", "--config", config.toString());
        assertThat(m.exit()).as(m.err()).isZero();
        TestKeys.sign(alice, "driftwarden", std.resolve("SIGNOFF"), std.resolve("SIGNOFF.alice.sig"));
        storeUrl = StoreUrl.resolve("jdbc:h2:file:./state/driftwarden", dir);
    }

    @AfterAll
    static void down() {
        if (host != null) {
            host.close();
        }
    }

    /** A hotfix the operator makes over the real OpenSSH client, with sudo. */
    static void operator(String command) throws Exception {
        Process p = new ProcessBuilder(
                        "ssh",
                        "-i",
                        operatorKey.toString(),
                        "-o",
                        "BatchMode=yes",
                        "-o",
                        "UserKnownHostsFile=" + dir.resolve("known_hosts"),
                        "-o",
                        "StrictHostKeyChecking=yes",
                        "-p",
                        String.valueOf(host.port()),
                        "ops-alice@127.0.0.1",
                        command)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command + ": " + out).isZero();
    }

    static List<String> drifts() throws Exception {
        CliRun run = CliRun.of("audit", "--config", config.toString(), "--format", "json");
        assertThat(run.err()).isEmpty();
        List<String> out = new ArrayList<>();
        new ObjectMapper()
                .readTree(run.out())
                .at("/hosts/0/drifts")
                .forEach(d -> out.add(
                        d.get("resource").asText() + " " + d.get("property").asText()
                                + (d.get("property").asText().equals("unmanaged-entry")
                                        ? "/" + d.get("actual").asText()
                                        : "")));
        return out;
    }

    static Evidence evidence(long id) {
        try (Store store = Store.open(storeUrl)) {
            return store.tx(c -> EvidenceStore.byId(c, id)).orElseThrow();
        }
    }

    static long evidenceId(CliRun run) {
        Matcher m = Pattern.compile("evidence (\\d+) recorded").matcher(run.out());
        assertThat(m.find()).as(run.out() + run.err()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /**
     * Reverts {@code resource} (only {@code property} when not null), checks the host and the evidence row, undoes
     * it, checks the undo's row, and returns the revert's evidence for more checks.
     */
    static Evidence revertAndUndo(String resource, String property, Check reverted, Check original) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "revert",
                "--config",
                config.toString(),
                "--host",
                "dw",
                "--resource",
                resource,
                "--reason",
                "INC-12: unapproved hotfix",
                "--change",
                "INC-12",
                "--yes"));
        if (property != null) {
            args.addAll(List.of("--property", property));
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exit()).as(resource + "\n" + run.out() + run.err()).isZero();
        assertThat(run.out()).contains("re-audit: " + resource + " on dw is compliant");
        reverted.check();
        long id = evidenceId(run);
        Evidence e = evidence(id);
        assertThat(e.outcome()).isEqualTo("applied");
        assertThat(e.host() + " " + e.resource() + " " + e.changeId() + " " + e.reason())
                .isEqualTo("dw " + resource + " INC-12 INC-12: unapproved hotfix");
        assertThat(e.operatorLogin()).isNotBlank();
        assertThat(e.keyFingerprint()).isEqualTo(TestKeys.fingerprint(dir.resolve("enforce_id")));
        assertThat(e.planText()).startsWith("revert " + resource + " on dw\n");
        assertThat(e.output())
                .contains("  done:    1. ")
                .doesNotContain("FAILED")
                .doesNotContain("not undoable");
        assertThat(e.undoPlan()).as("an undo plan was recorded").isNotNull();
        assertThat(e.undoes()).isNull();

        CliRun undo = CliRun.of("revert", "--config", config.toString(), "--undo", String.valueOf(id), "--yes");
        assertThat(undo.exit())
                .as(resource + " undo\n" + undo.out() + undo.err())
                .isZero();
        original.check();
        Evidence u = evidence(evidenceId(undo));
        assertThat(u.outcome()).isEqualTo("applied");
        assertThat(u.undoes()).isEqualTo(id);
        assertThat(u.resource()).isEqualTo(resource);
        assertThat(u.undoPlan()).as("an undo is not undone").isNull();
        return e;
    }

    interface Check {
        void check() throws Exception;
    }

    String stat(String format, String path) {
        return host.exec("stat", "-c", format, path).strip();
    }

    @Test
    @Order(1)
    void anUnmanagedEntryIsRemovedWithItsBytesInTheStoreAndTheUndoRecreatesIt() throws Exception {
        assertThat(drifts()).as("the host starts as the standard built it").isEmpty();
        operator("sudo sh -c \"printf 'hotfix=1\\n' > " + DROP + "/99-hotfix.conf && chown root:adm " + DROP
                + "/99-hotfix.conf" + " && chmod 0640 " + DROP + "/99-hotfix.conf\"");
        assertThat(drifts()).containsExactly("file:" + DROP + " unmanaged-entry/99-hotfix.conf");
        String entry = DROP + "/99-hotfix.conf";
        Evidence e = revertAndUndo(
                "file:" + DROP,
                "unmanaged-entry/99-hotfix.conf",
                () -> assertThat(host.exists(entry)).isFalse(),
                () -> {
                    assertThat(host.exec("cat", entry)).isEqualTo("hotfix=1\n");
                    assertThat(stat("%a %U %G", entry)).isEqualTo("640 root adm");
                });
        assertThat(e.kept()).as("its bytes went to the store").asString().isEqualTo("hotfix=1\n");
        assertThat(drifts())
                .as("the hotfix is back")
                .containsExactly("file:" + DROP + " unmanaged-entry/99-hotfix.conf");
        host.exec("rm", entry);
    }

    @Test
    @Order(2)
    void twoEntriesAreRemovedAtOnceAndEachComesBackWithItsOwnBytes() throws Exception {
        operator("sudo sh -c \"printf 'one\\n' > " + DROP + "/50-one.conf && printf 'two, longer\\n' > " + DROP
                + "/60-two.conf" + " && chmod 0600 " + DROP + "/60-two.conf\"");
        Evidence e = revertAndUndo(
                "file:" + DROP,
                "unmanaged-entry",
                () -> assertThat(host.exec("ls", DROP)).isEqualTo("10-declared.conf\n"),
                () -> {
                    assertThat(host.exec("cat", DROP + "/50-one.conf")).isEqualTo("one\n");
                    assertThat(host.exec("cat", DROP + "/60-two.conf")).isEqualTo("two, longer\n");
                    assertThat(stat("%a", DROP + "/60-two.conf")).isEqualTo("600");
                });
        assertThat(e.kept()).asString().isEqualTo("two, longer\none\n");
        host.exec("rm", DROP + "/50-one.conf", DROP + "/60-two.conf");
    }

    @Test
    @Order(3)
    void aSensitiveEntryIsQuarantinedOnTheHostAndTheUndoRestoresItFromThere() throws Exception {
        // **/*.key is sensitive: its bytes never leave the host; the audit identity cannot even read this one
        String entry = DROP + "/zz-hotfix.key";
        operator("sudo sh -c \"umask 077; printf 'secret\\n' > " + entry + "\"");
        Evidence e = revertAndUndo(
                "file:" + DROP,
                "unmanaged-entry/zz-hotfix.key",
                () -> {
                    assertThat(host.exists(entry)).isFalse();
                    assertThat(host.exec("sh", "-c", "cat /var/lib/driftwarden/quarantine/*zz-hotfix.key"))
                            .isEqualTo("secret\n");
                },
                () -> {
                    assertThat(host.exec("cat", entry)).isEqualTo("secret\n");
                    assertThat(stat("%a %U", entry)).isEqualTo("600 root");
                });
        assertThat(e.kept()).as("a sensitive file's bytes are never stored").isNull();
        assertThat(e.output()).contains("are quarantined on the host in /var/lib/driftwarden/quarantine/");
        host.exec("rm", entry);
    }

    @Test
    @Order(4)
    void aFifoEntryIsRefusedUpFrontAndNothingChanges() throws Exception {
        operator("sudo mkfifo " + DROP + "/70-pipe");
        CliRun run = CliRun.of(
                "revert",
                "--config",
                config.toString(),
                "--host",
                "dw",
                "--resource",
                "file:" + DROP,
                "--property",
                "unmanaged-entry/70-pipe",
                "--reason",
                "INC-12",
                "--yes");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains(DROP + "/70-pipe is a fifo: only a regular file or a link is removed and recreated")
                .contains("nothing was applied");
        assertThat(stat("%F", DROP + "/70-pipe")).isEqualTo("fifo");
        host.exec("rm", DROP + "/70-pipe");
    }

    @Test
    @Order(5)
    void modeAndOwnerAreUndone() throws Exception {
        operator("sudo chmod 0666 /etc/dw-tool.conf");
        revertAndUndo(
                "file:/etc/dw-tool.conf",
                null,
                () -> assertThat(stat("%a", "/etc/dw-tool.conf")).isEqualTo("640"),
                () -> assertThat(stat("%a", "/etc/dw-tool.conf")).isEqualTo("666"));
        host.exec("chmod", "0640", "/etc/dw-tool.conf");

        operator("sudo chown ops-alice:adm /etc/dw-owned.conf");
        revertAndUndo(
                "file:/etc/dw-owned.conf",
                null,
                () -> assertThat(stat("%U %G", "/etc/dw-owned.conf")).isEqualTo("root root"),
                () -> assertThat(stat("%U %G", "/etc/dw-owned.conf")).isEqualTo("ops-alice adm"));
        host.exec("chown", "root:root", "/etc/dw-owned.conf");
    }

    @Test
    @Order(6)
    void packageServiceAndSysctlAreUndone() throws Exception {
        operator("sudo apt-get remove -y -q tree");
        revertAndUndo(
                "package:tree",
                null,
                () -> assertThat(host.exec("dpkg-query", "-W", "-f", "${Status}", "tree"))
                        .isEqualTo("install ok installed"),
                () -> assertThat(host.exec("sh", "-c", "dpkg-query -W -f '${Status}' tree 2>/dev/null; true"))
                        .doesNotContain("install ok installed"));

        operator("sudo systemctl disable dw-demo.service");
        revertAndUndo(
                "service:dw-demo.service",
                null,
                () -> assertThat(host.exec("systemctl", "is-enabled", "dw-demo.service")
                                .strip())
                        .isEqualTo("enabled"),
                () -> assertThat(host.exec("sh", "-c", "systemctl is-enabled dw-demo.service; true")
                                .strip())
                        .isEqualTo("disabled"));

        operator("sudo sed -i 's/ip_forward = 0/ip_forward = 1/' /etc/sysctl.d/60-net.conf");
        revertAndUndo(
                "sysctl:net.ipv4.ip_forward",
                null,
                () -> assertThat(host.exec("cat", "/etc/sysctl.d/60-net.conf")).isEqualTo("net.ipv4.ip_forward = 0\n"),
                () -> assertThat(host.exec("cat", "/etc/sysctl.d/60-net.conf")).isEqualTo("net.ipv4.ip_forward = 1\n"));

        assertThat(drifts())
                .as("every hotfix is back after its undo")
                .contains(
                        "package:tree ensure",
                        "service:dw-demo.service enabled",
                        "sysctl:net.ipv4.ip_forward persisted");
        CliRun log = CliRun.of("revert", "--config", config.toString(), "--evidence");
        assertThat(log.exit()).as(log.out() + log.err()).isZero();
        assertThat(log.out()).contains("the chain is intact").doesNotContain("  failed  ");
    }
}
