package io.driftwarden.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwarden.cli.CliRun;
import io.driftwarden.config.StoreUrl;
import io.driftwarden.signoff.TestKeys;
import io.driftwarden.store.EvidenceStore;
import io.driftwarden.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Section 9 on a real Debian host over OpenSSH: an operator (ops-alice) makes hotfixes with sudo, the audit
 * finds them, {@code revert --yes} puts each back through the enforce identity (dw-enforce, allowed only
 * {@code sudo -n /bin/sh -s}), the re-audit is clean, {@code revert --undo} restores one hotfix, and the evidence
 * chain verifies. The refusals run first, each leaving the host as it found it.
 *
 * <p>What a container cannot give: systemd is not PID 1, so {@code enabled} is reverted by the real systemctl
 * working offline, and {@code running} against the image's stub systemctl (start/stop/is-active keep a state
 * file); /proc/sys is read-only, so the persisted sysctl is reverted for real and the running value's revert
 * fails for real, which shows what a failure midway reports. The package comes back from a local apt
 * repository in the image.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RevertIT {
    static final String HOSTILE = "/etc/dw-hostile/it's \"$(touch dw-pwned-dollar)\";`touch dw-pwned-tick` -x.conf";

    @TempDir
    static Path dir;

    static SshHost host;
    static Path config;
    static Path std;
    static Path operatorKey;
    static Path alice;

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
                java.util.Map.of(
                        "ENFORCE_KEY",
                        enforce.publicLine(),
                        "OPERATOR_KEY",
                        operator.publicLine(),
                        "STUB_SYSTEMD",
                        "1"));
        Files.writeString(dir.resolve("known_hosts"), host.knownHostsLine("[127.0.0.1]:" + host.port()) + "\n");
        // the host as the standard built it
        host.exec(
                "sh",
                "-c",
                "printf 'workers=4\\n' > /etc/dw-app.conf && chmod 0644 /etc/dw-app.conf"
                        + " && printf 'verbose=0\\n' > /etc/dw-tool.conf && chmod 0640 /etc/dw-tool.conf"
                        + " && printf 'x\\n' > /etc/dw-approved.conf && chmod 0644 /etc/dw-approved.conf"
                        + " && printf 'x\\n' > /etc/dw-link.conf && chmod 0644 /etc/dw-link.conf"
                        + " && printf 'net.ipv4.ip_forward = 0\\n' > /etc/sysctl.d/60-net.conf"
                        + " && mkdir -p /etc/dw-hostile && printf 'x\\n' > \"$1\" && chmod 0600 \"$1\"",
                "sh",
                HOSTILE);

        std = Files.createDirectories(dir.resolve("standards"));
        Files.createDirectories(std.resolve("files"));
        Files.createDirectories(std.resolve("approvals"));
        Files.writeString(std.resolve("files/dw-app.conf"), "workers=4\n");
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                resources:
                  - file: /etc/dw-app.conf
                    owner: root
                    group: root
                    mode: "0644"
                    source: files/dw-app.conf
                  - file: /etc/dw-tool.conf
                    mode: "0640"
                  - package: tree
                  - sysctl: net.ipv4.ip_forward
                    persisted: "0"
                  - service: dw-demo
                    enabled: true
                  - file: %s
                    mode: "0600"
                  - file: /etc/dw-approved.conf
                    mode: "0644"
                  - file: /etc/dw-link.conf
                    mode: "0644"
                  - file: /etc/dw-dir
                    ensure: absent
                """.formatted(yaml(HOSTILE)));
        Files.writeString(std.resolve("approvals/CHG-7.yaml"), """
                id: CHG-7
                summary: a tighter mode on the approved file while the vendor investigates
                approved_by: [carol@example.com]
                approved_at: APPROVED
                expires: EXPIRES
                ticket: https://change.example.com/CHG-7
                resolution: revert
                applies_to: {hosts: [dw]}
                allow:
                  - resource: file:/etc/dw-approved.conf
                    property: mode
                    value: "0600"
                """.replace(
                        "APPROVED",
                        Instant.now()
                                .minus(Duration.ofDays(1))
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString())
                .replace(
                        "EXPIRES",
                        Instant.now()
                                .plus(Duration.ofDays(30))
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString()));
        Path keys = Files.createDirectories(dir.resolve("keys"));
        alice = TestKeys.generate(keys, "alice");
        Path carol = TestKeys.generate(keys, "carol");
        Files.writeString(
                dir.resolve("allowed_signers"),
                "alice@example.com namespaces=\"driftwarden\" " + TestKeys.publicLine(alice) + "\n"
                        + "carol@example.com namespaces=\"driftwarden-approval\" "
                        + TestKeys.publicLine(carol) + "\n");
        TestKeys.sign(
                carol,
                "driftwarden-approval",
                std.resolve("approvals/CHG-7.yaml"),
                std.resolve("approvals/CHG-7.yaml.carol.sig"));
        Files.writeString(
                dir.resolve("inventory.yaml"), "hosts:\n  dw: {address: 127.0.0.1, port: " + host.port() + "}\n");
        config = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                base() + "enforce: {user: dw-enforce, identity_file: enforce_id, sudo: true}\n");
        sign();
    }

    static String base() {
        return "standards: standards\ninventory: inventory.yaml\nreports_dir: reports\nhmac_key_file: state/key\n"
                + "store: {url: \"jdbc:h2:file:./state/driftwarden\"}\n"
                + "signoff: {allowed_signers: allowed_signers, required: 1}\n"
                + "ssh: {user: audit, identity_file: audit_id, known_hosts: known_hosts, connect_timeout: 5s, host_timeout: 60s}\n";
    }

    static void sign() throws Exception {
        CliRun m = CliRun.of("standard", "manifest", "--config", config.toString());
        assertThat(m.exit()).as(m.err()).isZero();
        TestKeys.sign(alice, "driftwarden", std.resolve("SIGNOFF"), std.resolve("SIGNOFF.alice.sig"));
    }

    static String yaml(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @AfterAll
    static void down() {
        if (host != null) {
            host.close();
        }
    }

    static CliRun revert(String... args) {
        List<String> a = new ArrayList<>(List.of("revert", "--config", config.toString(), "--host", "dw"));
        a.addAll(List.of(args));
        return CliRun.of(a.toArray(String[]::new));
    }

    static JsonNode audit() throws Exception {
        CliRun run = CliRun.of("audit", "--config", config.toString(), "--format", "json");
        assertThat(run.err()).isEmpty();
        return new ObjectMapper().readTree(run.out());
    }

    /** The JSON report the last real run wrote to reports_dir (run ids sort by time). */
    static JsonNode latestReport() throws Exception {
        try (var files = Files.list(dir.resolve("reports"))) {
            Path last = files.filter(p -> p.toString().endsWith(".json"))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
            return new ObjectMapper().readTree(last.toFile());
        }
    }

    static List<String> drifts(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.at("/hosts/0/drifts")
                .forEach(d -> out.add(
                        d.get("resource").asText() + " " + d.get("property").asText() + " "
                                + d.get("classification").asText()));
        return out;
    }

    /** A command the operator runs on the host over the real OpenSSH client, as ops-alice. */
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

    static long evidenceId(CliRun run) {
        Matcher m = Pattern.compile("evidence (\\d+) recorded").matcher(run.out());
        assertThat(m.find()).as(run.out() + run.err()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    @Order(1)
    void refusalsChangeNothing() throws Exception {
        JsonNode first = audit();
        assertThat(drifts(first)).as("the host starts as the standard built it").isEmpty();

        CliRun compliant = revert("--resource", "file:/etc/dw-tool.conf", "--reason", "test");
        assertThat(compliant.exit()).isEqualTo(1);
        assertThat(compliant.err()).contains("dw: file:/etc/dw-tool.conf is compliant: nothing to revert");

        host.exec("chmod", "0600", "/etc/dw-approved.conf");
        CliRun approved = revert("--resource", "file:/etc/dw-approved.conf", "--reason", "test", "--yes");
        assertThat(approved.err()).contains("mode is approved by CHG-7: reverting approved drift needs --force");
        assertThat(host.exec("stat", "-c", "%a", "/etc/dw-approved.conf").strip())
                .isEqualTo("600");
        host.exec("chmod", "0644", "/etc/dw-approved.conf");

        host.exec("sh", "-c", "rm /etc/dw-link.conf && ln -s /etc/dw-tool.conf /etc/dw-link.conf");
        CliRun link = revert("--resource", "file:/etc/dw-link.conf", "--reason", "test", "--yes");
        assertThat(link.exit()).isEqualTo(1);
        assertThat(link.err()).contains("ensure: it is a link and the standard wants a file: replace it by hand");
        assertThat(host.exec("stat", "-c", "%a", "/etc/dw-tool.conf").strip())
                .as("the link's target is untouched")
                .isEqualTo("640");
        host.exec(
                "sh",
                "-c",
                "rm /etc/dw-link.conf && printf 'x\\n' > /etc/dw-link.conf && chmod 0644 /etc/dw-link.conf");

        host.exec("mkdir", "/etc/dw-dir");
        CliRun directory = revert("--resource", "file:/etc/dw-dir", "--reason", "test", "--yes");
        assertThat(directory.err()).contains("it is a directory: directories are never removed");
        assertThat(host.exists("/etc/dw-dir")).isTrue();

        host.exec("chmod", "0666", "/etc/dw-tool.conf");
        CliRun changed = revert(
                "--resource", "file:/etc/dw-tool.conf", "--reason", "test", "--yes", "--plan-sha256", "0".repeat(64));
        assertThat(changed.exit()).isEqualTo(1);
        assertThat(changed.out()).contains("chmod 0640 /etc/dw-tool.conf");
        assertThat(changed.err())
                .contains("the plan changed since it was reviewed")
                .contains("nothing was applied");

        String url = StoreUrl.resolve("jdbc:h2:file:./state/driftwarden", dir);
        try (Store store = Store.open(url)) {
            java.util.Optional<String> held =
                    store.tx(c -> EvidenceStore.lock(c, "dw", "bob@ops-2 pid 77", Instant.now(), Duration.ofHours(1)));
            assertThat(held).isEmpty();
        }
        CliRun concurrent = revert("--resource", "file:/etc/dw-tool.conf", "--reason", "test", "--yes");
        assertThat(concurrent.err()).contains("another revert is running on this host (bob@ops-2 pid 77 since");
        try (Store store = Store.open(url)) {
            store.tx(c -> {
                EvidenceStore.unlock(c, "dw", "bob@ops-2 pid 77");
                return null;
            });
        }

        System.setProperty("driftwarden.daemon", "1");
        try {
            CliRun inDaemon = revert("--resource", "file:/etc/dw-tool.conf", "--reason", "test", "--yes");
            assertThat(inDaemon.err()).contains("revert: refused in the daemon's context");
        } finally {
            System.clearProperty("driftwarden.daemon");
        }

        Path noEnforce = Files.writeString(dir.resolve("no-enforce.yaml"), base());
        CliRun noIdentity = CliRun.of(
                "revert",
                "--config",
                noEnforce.toString(),
                "--host",
                "dw",
                "--resource",
                "file:/etc/dw-tool.conf",
                "--reason",
                "test",
                "--yes");
        assertThat(noIdentity.err()).contains("enforce: not configured: revert needs the enforce identity");

        byte[] signed = Files.readAllBytes(std.resolve("base.yaml"));
        Files.writeString(
                std.resolve("base.yaml"), new String(signed, StandardCharsets.UTF_8) + "# slipped in unsigned\n");
        CliRun unverified = revert("--resource", "file:/etc/dw-tool.conf", "--reason", "test", "--yes");
        assertThat(unverified.exit()).isEqualTo(1);
        assertThat(unverified.err()).contains("not verified");
        Files.write(std.resolve("base.yaml"), signed);

        assertThat(host.exec("stat", "-c", "%a", "/etc/dw-tool.conf").strip())
                .as("no refusal changed the host")
                .isEqualTo("666");
        host.exec("chmod", "0640", "/etc/dw-tool.conf");
        host.exec("rmdir", "/etc/dw-dir");
        assertThat(drifts(audit()))
                .as("the refusals left the host as they found it")
                .isEmpty();
        CliRun log = CliRun.of("revert", "--config", config.toString(), "--evidence");
        assertThat(log.out())
                .as("each refused --yes is recorded; a preview and the daemon's context are not")
                .contains("7 records, the chain is intact");
        assertThat(log.out().lines().filter(l -> l.contains("  refused  by "))).hasSize(7);
    }

    @Test
    @Order(2)
    void sudoHotfixesAreRevertedOneByOneAndOneIsUndone() throws Exception {
        operator("sudo sed -i s/workers=4/workers=16/ /etc/dw-app.conf");
        operator("sudo chmod 0666 /etc/dw-tool.conf");
        operator("sudo apt-get remove -y -q tree");
        operator("sudo sed -i 's/ip_forward = 0/ip_forward = 1/' /etc/sysctl.d/60-net.conf");
        operator("sudo systemctl disable dw-demo.service");
        host.exec("chmod", "0644", HOSTILE);

        CliRun html = CliRun.of("audit", "--config", config.toString(), "--format", "html");
        assertThat(html.exit()).as(html.err()).isEqualTo(2);
        JsonNode found = latestReport();
        assertThat(drifts(found))
                .containsExactlyInAnyOrder(
                        "file:/etc/dw-app.conf content unapproved",
                        "file:/etc/dw-tool.conf mode unapproved",
                        "file:" + HOSTILE + " mode unapproved",
                        "package:tree ensure unapproved",
                        "service:dw-demo.service enabled unapproved",
                        "sysctl:net.ipv4.ip_forward persisted unapproved");

        java.util.Map<String, JsonNode> byResource = new java.util.TreeMap<>();
        found.at("/hosts/0/drifts")
                .forEach(d -> byResource.put(d.get("resource").asText(), d.get("evidence")));
        for (String r : List.of(
                "file:/etc/dw-app.conf",
                "file:/etc/dw-tool.conf",
                "package:tree",
                "sysctl:net.ipv4.ip_forward",
                "service:dw-demo.service")) {
            JsonNode top = byResource.get(r).get(0);
            assertThat(top).as(r + ": " + byResource.get(r)).isNotNull();
            assertThat(top.get("kind").asText() + " " + top.get("user").asText())
                    .as(r + ": " + byResource.get(r))
                    .isEqualTo("sudo ops-alice");
            assertThat(top.get("source").asText()).isIn("/var/log/sudo.log", "journal", "/var/log/auth.log");
        }
        assertThat(byResource.get("file:/etc/dw-app.conf").get(0).get("detail").asText())
                .isEqualTo("COMMAND=/usr/bin/sed -i s/workers=4/workers=16/ /etc/dw-app.conf");
        assertThat(byResource.get("package:tree").get(0).get("detail").asText())
                .isEqualTo("COMMAND=/usr/bin/apt-get remove -y -q tree");
        assertThat(byResource.get("package:tree").toString())
                .as("apt's own record names the operator too")
                .contains("\"kind\":\"apt\",\"user\":\"ops-alice\"");
        assertThat(byResource.toString())
                .as("driftwarden's own sessions are not actors")
                .doesNotContain("\"user\":\"audit\"")
                .doesNotContain("\"user\":\"dw-enforce\"");
        assertThat(html.out())
                .contains("possible actors")
                .contains("<strong>ops-alice</strong> via sudo")
                .contains("COMMAND=/usr/bin/sed -i s/workers=4/workers=16/ /etc/dw-app.conf");

        CliRun preview =
                revert("--resource", "file:/etc/dw-app.conf", "--reason", "INC-9: workers hotfix not approved");
        assertThat(preview.exit()).isZero();
        assertThat(preview.out()).contains("content: the host has sha256:").contains("nothing was changed");
        String sha = preview.out()
                .lines()
                .filter(l -> l.startsWith("plan sha256: "))
                .findFirst()
                .orElseThrow()
                .substring(13);
        assertThat(host.exec("cat", "/etc/dw-app.conf"))
                .as("a preview changes nothing")
                .isEqualTo("workers=16\n");

        CliRun content = revert(
                "--resource",
                "file:/etc/dw-app.conf",
                "--reason",
                "INC-9: workers hotfix not approved",
                "--change",
                "INC-9",
                "--yes",
                "--plan-sha256",
                sha);
        assertThat(content.exit()).as(content.out() + content.err()).isZero();
        assertThat(content.out()).contains("re-audit: file:/etc/dw-app.conf on dw is compliant");
        long contentEvidence = evidenceId(content);
        assertThat(host.exec("cat", "/etc/dw-app.conf")).isEqualTo("workers=4\n");
        try (Store store = Store.open(StoreUrl.resolve("jdbc:h2:file:./state/driftwarden", dir))) {
            io.driftwarden.revert.Evidence row =
                    store.tx(c -> EvidenceStore.byId(c, contentEvidence)).orElseThrow();
            assertThat(row.outcome() + " " + row.resource() + " " + row.changeId() + " " + row.planSha256())
                    .isEqualTo("applied file:/etc/dw-app.conf INC-9 " + sha);
            assertThat(row.kept())
                    .as("the replaced bytes are in the store")
                    .asString()
                    .isEqualTo("workers=16\n");
            assertThat(row.undoPlan()).contains("\"verb\":\"WRITE\"");
        }

        for (String r : List.of(
                "file:/etc/dw-tool.conf",
                "package:tree",
                "sysctl:net.ipv4.ip_forward",
                "service:dw-demo.service",
                "file:" + HOSTILE)) {
            CliRun run = revert("--resource", r, "--reason", "INC-9", "--yes");
            assertThat(run.exit()).as(r + "\n" + run.out() + run.err()).isZero();
            assertThat(run.out()).contains("re-audit: " + r + " on dw is compliant");
        }
        assertThat(host.exec("stat", "-c", "%a", "/etc/dw-tool.conf").strip()).isEqualTo("640");
        assertThat(host.exec("dpkg-query", "-W", "-f", "${Status}", "tree")).isEqualTo("install ok installed");
        assertThat(host.exec("cat", "/etc/sysctl.d/60-net.conf")).isEqualTo("net.ipv4.ip_forward = 0\n");
        assertThat(host.exec("systemctl", "is-enabled", "dw-demo.service").strip())
                .isEqualTo("enabled");
        assertThat(host.exec("stat", "-c", "%a", HOSTILE).strip()).isEqualTo("600");
        assertThat(host.exec("sh", "-c", "find / -xdev -name 'dw-pwned-*' 2>/dev/null; true"))
                .as("nothing from a name ran")
                .isEmpty();
        assertThat(host.exec("find", "/etc/dw-hostile", "-mindepth", "1", "-printf", "%P|"))
                .as("nothing was written beside the" + " declared path")
                .isEqualTo(HOSTILE.substring("/etc/dw-hostile/".length()) + "|");

        JsonNode clean = audit();
        assertThat(drifts(clean)).as("the re-audit is clean").isEmpty();
        List<String> reverts = new ArrayList<>();
        clean.get("reverts")
                .forEach(v -> reverts.add(v.get("resource").asText() + " "
                        + v.get("outcome").asText() + " " + v.get("operator").asText()));
        assertThat(reverts)
                .as("the next report shows the reverts since the previous run")
                .hasSize(6)
                .allSatisfy(v -> assertThat(v).endsWith(" applied root"));

        CliRun undo =
                CliRun.of("revert", "--config", config.toString(), "--undo", String.valueOf(contentEvidence), "--yes");
        assertThat(undo.exit()).as(undo.out() + undo.err()).isZero();
        assertThat(undo.out())
                .contains("undo revert " + contentEvidence + ": file:/etc/dw-app.conf on dw")
                .contains("re-audit: file:/etc/dw-app.conf content drifts");
        assertThat(host.exec("cat", "/etc/dw-app.conf"))
                .as("the hotfix is back")
                .isEqualTo("workers=16\n");
        CliRun again =
                CliRun.of("revert", "--config", config.toString(), "--undo", String.valueOf(contentEvidence), "--yes");
        assertThat(again.err()).contains("was already undone by evidence");
        CliRun after = CliRun.of("audit", "--config", config.toString(), "--format", "html");
        assertThat(after.out())
                .contains("<h3>Reverts since the last report</h3>")
                .contains(" (undo of " + contentEvidence + ")")
                .contains("<code>file:/etc/dw-app.conf</code>");
        assertThat(drifts(audit())).containsExactly("file:/etc/dw-app.conf content unapproved");

        CliRun log = CliRun.of("revert", "--config", config.toString(), "--evidence");
        assertThat(log.exit()).as(log.out() + log.err()).isZero();
        assertThat(log.out()).contains("15 records, the chain is intact");
    }

    @Test
    @Order(3)
    void theEnforceKeyCanComeFromTheOperatorsSshAgent() throws Exception {
        Path sock = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString())
                .redirectErrorStream(true)
                .start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(sock));
            ProcessBuilder addKey =
                    new ProcessBuilder("ssh-add", dir.resolve("enforce_id").toString()).redirectErrorStream(true);
            addKey.environment().put("SSH_AUTH_SOCK", sock.toString());
            Process add = addKey.start();
            add.getInputStream().readAllBytes();
            assertThat(add.waitFor()).isZero();
            Path agentConfig =
                    Files.writeString(dir.resolve("agent.yaml"), base() + "enforce: {user: dw-enforce, sudo: true}\n");
            ProcessBuilder pb = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            Path.of("target/driftwarden.jar").toAbsolutePath().toString(),
                            "revert",
                            "--config",
                            agentConfig.toString(),
                            "--host",
                            "dw",
                            "--resource",
                            "file:/etc/dw-app.conf",
                            "--reason",
                            "INC-9 again, from the agent",
                            "--yes")
                    .redirectErrorStream(true);
            pb.environment().put("SSH_AUTH_SOCK", sock.toString());
            pb.environment().remove("DRIFTWARDEN_DAEMON");
            Process revert = pb.start();
            String out = new String(revert.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(revert.waitFor()).as(out).isZero();
            assertThat(out).contains("re-audit: file:/etc/dw-app.conf on dw is compliant");
        } finally {
            agent.destroy();
        }
        assertThat(host.exec("cat", "/etc/dw-app.conf")).isEqualTo("workers=4\n");
        CliRun log = CliRun.of("revert", "--config", config.toString(), "--evidence");
        String last =
                log.out().lines().filter(l -> l.startsWith("16  ")).findFirst().orElseThrow();
        assertThat(last).contains("key " + TestKeys.fingerprint(dir.resolve("enforce_id")) + ")");
        assertThat(log.out()).contains("16 records, the chain is intact");
    }

    @Test
    @Order(4)
    void aStoppedServiceIsStartedAndARevertThatFailsSaysWhatStateTheResourceIsIn() throws Exception {
        String base = Files.readString(std.resolve("base.yaml"));
        Files.writeString(
                std.resolve("base.yaml"),
                base.replace(
                                "  - service: dw-demo\n    enabled: true\n",
                                "  - service: dw-demo\n    enabled: true\n    running: true\n")
                        .replace("    persisted: \"0\"\n", "    persisted: \"0\"\n    value: \"0\"\n"));
        sign();
        host.exec("systemctl", "start", "dw-demo.service");
        operator("sudo systemctl stop dw-demo.service");
        String forward = host.exec("cat", "/proc/sys/net/ipv4/ip_forward").strip();
        JsonNode found = audit();
        assertThat(drifts(found)).contains("service:dw-demo.service running unapproved");

        CliRun start = revert("--resource", "service:dw-demo.service", "--reason", "INC-10", "--yes");
        assertThat(start.exit()).as(start.out() + start.err()).isZero();
        assertThat(start.out())
                .contains("done:    1. systemctl start dw-demo.service")
                .contains("re-audit: service:dw-demo.service on dw is compliant");
        assertThat(host.exec("systemctl", "is-active", "dw-demo.service").strip())
                .isEqualTo("active");

        assertThat(forward)
                .as("Docker gives a container's network namespace ip_forward 1: the running value drifts")
                .isEqualTo("1");
        CliRun value = revert(
                "--resource", "sysctl:net.ipv4.ip_forward", "--property", "value", "--reason", "INC-10", "--yes");
        assertThat(value.exit()).as(value.out() + value.err()).isEqualTo(4);
        assertThat(value.out())
                .contains("FAILED:  1. set the running kernel's net.ipv4.ip_forward to 0: sysctl")
                .contains("stopped at the failed step; later steps were not run")
                .contains("re-audit: sysctl:net.ipv4.ip_forward value drifts: the host has " + forward
                        + ", the standard wants 0")
                .contains("recorded: failed");
        CliRun log = CliRun.of("revert", "--config", config.toString(), "--evidence");
        assertThat(log.out()).contains("sysctl:net.ipv4.ip_forward  failed").contains("the chain is intact");
    }

    @Test
    @Order(5)
    void accountsAreRevertedThroughUseraddUsermodAndGroupmod() throws Exception {
        Files.writeString(std.resolve("base.yaml"), Files.readString(std.resolve("base.yaml")) + """
                  - group: dw-grp
                    gid: 1900
                  - user: dw-svc
                    uid: 1800
                    shell: /bin/sh
                  - user: ops-alice
                    shell: /bin/sh
                """);
        sign();
        host.exec("groupadd", "-g", "1901", "dw-grp");
        operator("sudo usermod -s /bin/bash ops-alice");
        assertThat(drifts(audit()))
                .contains(
                        "group:dw-grp gid unapproved",
                        "user:dw-svc ensure unapproved",
                        "user:ops-alice shell unapproved");

        for (String r : List.of("group:dw-grp", "user:dw-svc", "user:ops-alice")) {
            CliRun run = revert("--resource", r, "--reason", "INC-11", "--yes");
            assertThat(run.exit()).as(r + "\n" + run.out() + run.err()).isZero();
            assertThat(run.out()).contains("re-audit: " + r + " on dw is compliant");
        }
        assertThat(host.exec("getent", "group", "dw-grp").strip()).startsWith("dw-grp:x:1900:");
        assertThat(host.exec("getent", "passwd", "dw-svc").strip()).matches("dw-svc:x:1800:\\d+::/home/dw-svc:/bin/sh");
        assertThat(host.exec("getent", "passwd", "ops-alice").strip()).endsWith(":/bin/sh");

        CliRun log = CliRun.of("revert", "--config", config.toString(), "--evidence");
        String shell = log.out()
                .lines()
                .filter(l -> l.contains("  user:ops-alice  applied"))
                .findFirst()
                .orElseThrow();
        CliRun undo = CliRun.of("revert", "--config", config.toString(), "--undo", shell.split(" ")[0], "--yes");
        assertThat(undo.exit()).as(undo.out() + undo.err()).isZero();
        assertThat(undo.out()).contains("usermod -s /bin/bash ops-alice");
        assertThat(host.exec("getent", "passwd", "ops-alice").strip()).endsWith(":/bin/bash");
        assertThat(drifts(audit()))
                .contains("user:ops-alice shell unapproved")
                .doesNotContain("user:dw-svc ensure unapproved");
    }
}
