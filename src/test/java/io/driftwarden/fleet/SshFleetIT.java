package io.driftwarden.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwarden.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ssh transport against real OpenSSH hosts: planted drift, exact JSON, and every failure kind in one run. */
class SshFleetIT {
    static final String MARKER = "dw-hostile-marker";

    @TempDir
    static Path dir;

    static final List<SshHost> hosts = new ArrayList<>();
    static SshHost clean;
    static SshHost hotfixed;
    static SshHost hostile;
    static Path config;

    @BeforeAll
    static void fleet() throws Exception {
        Keys trusted = Keys.generate(dir, "audit_id");
        Keys stranger = Keys.generate(dir, "stranger_id");
        clean = add(SshHost.start(trusted.publicLine(), null, null, true));
        hotfixed = add(SshHost.start(trusted.publicLine(), null, null, true));
        hostile = add(SshHost.start(trusted.publicLine(), null, null, true));
        SshHost stopped = add(SshHost.start(trusted.publicLine(), null, null, true));
        SshHost rekeyed = add(SshHost.start(trusted.publicLine(), null, null, true));
        SshHost refusing = add(SshHost.start(stranger.publicLine(), null, null, true));
        SshHost hanging = add(SshHost.start(trusted.publicLine(), null, null, true));
        StringBuilder known = new StringBuilder();
        for (SshHost h : hosts) {
            known.append(h.knownHostsLine("[127.0.0.1]:" + h.port())).append('\n');
        }
        Files.writeString(dir.resolve("known_hosts"), known);

        // the standard build every host got
        for (SshHost h : List.of(clean, hotfixed, hostile, rekeyed, refusing, hanging)) {
            h.exec("sh", "-c", "echo 'net.ipv4.ip_forward = 0' > /etc/sysctl.d/60-hardening.conf");
        }
        // hotfixes an operator made by hand
        hotfixed.exec("chmod", "0600", "/etc/ssh/sshd_config");
        hotfixed.exec("sh", "-c", "echo 'PermitRootLogin yes' >> /etc/ssh/sshd_config");
        hotfixed.exec("sh", "-c", "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/99-hotfix.conf");
        hotfixed.exec("usermod", "-aG", "sudo", "audit");
        // names that would run code if anything spliced them into shell text
        for (String n : Names.HOSTILE) {
            hostile.exec("sh", "-c", "printf x > \"$1\"", "sh", "/etc/" + n.replace("MARKER", MARKER));
        }
        int stoppedPort = stopped.port();
        stopped.stop();
        rekeyed.exec("sh", "-c", "rm /etc/ssh/ssh_host_*; ssh-keygen -A >/dev/null; kill -HUP 1");
        hanging.exec("sh", "-c", "printf '#!/bin/sh\\nsleep 600\\n' > /usr/bin/sha256sum");

        Path std = Files.createDirectories(dir.resolve("standards"));
        Files.writeString(std.resolve("base.yaml"), Names.standard());
        Files.writeString(std.resolve("hostile.yaml"), Names.hostileStandard(MARKER));
        String inventory = "hosts:\n"
                + "  clean: {address: 127.0.0.1, port: " + clean.port() + "}\n"
                + "  hotfixed: {address: 127.0.0.1, port: " + hotfixed.port() + "}\n"
                + "  hostile: {address: 127.0.0.1, port: " + hostile.port() + "}\n"
                + "  stopped: {address: 127.0.0.1, port: " + stoppedPort + "}\n"
                + "  rekeyed: {address: 127.0.0.1, port: " + rekeyed.port() + "}\n"
                + "  refusing: {address: 127.0.0.1, port: " + refusing.port() + "}\n"
                + "  hanging: {address: 127.0.0.1, port: " + hanging.port() + "}\n";
        Files.writeString(dir.resolve("inventory.yaml"), inventory);
        config = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\n"
                        + "reports_dir: reports\nhmac_key_file: state/key\n"
                        + "ssh: {user: audit, identity_file: audit_id, known_hosts: known_hosts, connect_timeout: 5s, host_timeout: 8s}\n");
    }

    static SshHost add(SshHost h) {
        hosts.add(h);
        return h;
    }

    @AfterAll
    static void down() {
        hosts.forEach(SshHost::close);
    }

    @Test
    void auditsRealHostsOverSshWithExactResults() throws Exception {
        CliRun run = CliRun.of("audit", "--config", config.toString(), "--insecure-unsigned", "--format", "json");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).as(run.out()).isEqualTo(6);
        JsonNode r = new ObjectMapper().readTree(run.out());
        Map<String, JsonNode> byName = new TreeMap<>();
        r.get("hosts").forEach(h -> byName.put(h.get("host").asText(), h));

        JsonNode c = byName.get("clean");
        assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("compliant");
        assertThat(c.get("drifts")).isEmpty();
        assertThat(c.get("not_checked").toString())
                .isEqualTo(
                        "[{\"resource\":\"service:ssh.service\",\"property\":\"running\",\"why\":\"no-service-manager\"}]");
        assertThat(c.at("/observed/os_release").asText()).isEqualTo("debian 12");
        assertThat(c.at("/observed/host_key_sha256").asText()).startsWith("SHA256:");
        assertThat(c.at("/transport").asText()).isEqualTo("ssh");

        JsonNode h = byName.get("hotfixed");
        assertThat(h.get("status").asText()).isEqualTo("unapproved_drift");
        List<String> drifts = new ArrayList<>();
        h.get("drifts")
                .forEach(d -> drifts.add(
                        d.get("resource").asText() + " " + d.get("property").asText() + " " + d.get("actual")));
        assertThat(drifts)
                .containsExactly(
                        "file:/etc/ssh/sshd_config mode \"0600\"",
                        "sysctl:net.ipv4.ip_forward persisted \"1\"",
                        "user:audit groups [\"adm\",\"sudo\"]");
        assertThat(h.get("not_checked")).hasSize(1);

        JsonNode x = byName.get("hostile");
        assertThat(x.get("status").asText()).as(x.toString()).isEqualTo("compliant");
        assertThat(hostile.exec("sh", "-c", "find / -xdev -name " + MARKER + " 2>/dev/null; true"))
                .as("nothing from a name may execute on the host")
                .isEmpty();

        assertThat(byName.get("stopped").at("/error/kind").asText()).isEqualTo("unreachable");
        assertThat(byName.get("stopped").at("/error/message").asText()).matches(".+:[0-9]+: connection refused");
        assertThat(byName.get("rekeyed").at("/error/kind").asText()).isEqualTo("host_key");
        assertThat(byName.get("rekeyed").at("/error/message").asText())
                .contains("CHANGED")
                .contains("nothing was run");
        assertThat(byName.get("refusing").at("/error/kind").asText()).isEqualTo("auth");
        assertThat(byName.get("hanging").at("/error/kind").asText()).isEqualTo("timeout");
        assertThat(r.at("/summary/failed").asInt()).isEqualTo(4);
    }

    @Test
    void aCapturedStandardAuditsItsOwnHostAsCompliant() throws Exception {
        CliRun capture = CliRun.of("standard", "capture", "--host", "clean", "--config", config.toString());
        assertThat(capture.err()).isEmpty();
        assertThat(capture.exit()).isZero();
        assertThat(capture.out())
                .contains("standard: \"captured-clean\"")
                .contains("  - package: \"openssh-server\"")
                .contains("  - service: \"ssh.service\"")
                .contains("  - user: \"audit\"")
                .contains("  - sysctl: \"net.ipv4.ip_forward\"\n    persisted: \"0\"");
        Path d = Files.createDirectories(dir.resolve("captured/standards"));
        Files.writeString(d.resolve("captured.yaml"), capture.out());
        Path cfg = Files.writeString(
                dir.resolve("captured/driftwarden.yaml"),
                Files.readString(config)
                        .replace("standards: standards", "standards: captured/standards")
                        .replace("inventory: inventory.yaml", "inventory: ../inventory.yaml")
                        .replace("identity_file: audit_id", "identity_file: ../audit_id")
                        .replace("known_hosts: known_hosts", "known_hosts: ../known_hosts")
                        .replace("standards: captured/standards", "standards: standards"));
        CliRun run = CliRun.of(
                "audit", "--config", cfg.toString(), "--insecure-unsigned", "--hosts", "clean", "--format", "json");
        JsonNode h = new ObjectMapper().readTree(run.out()).get("hosts").get(0);
        assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("compliant");
        assertThat(h.get("drifts")).isEmpty();
        assertThat(run.exit()).isZero();
    }

    @Test
    void hashedKnownHostsEncryptedKeyAndRevokedHostKey() throws Exception {
        Path d = Files.createDirectories(dir.resolve("hashed"));
        Path key = d.resolve("id");
        Process gen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "s3cret pass", "-f", key.toString())
                .redirectErrorStream(true)
                .start();
        gen.getInputStream().readAllBytes();
        assertThat(gen.waitFor()).isZero();
        clean.exec(
                "sh",
                "-c",
                "printf '%s\\n' \"$1\" >> /home/audit/.ssh/authorized_keys",
                "sh",
                Files.readString(Path.of(key + ".pub")).strip());
        Files.writeString(d.resolve("passphrase"), "s3cret pass\n");
        String line = clean.knownHostsLine("[127.0.0.1]:" + clean.port());
        Files.writeString(d.resolve("known_hosts"), line + "\n");
        Process hash = new ProcessBuilder(
                        "ssh-keygen", "-H", "-f", d.resolve("known_hosts").toString())
                .redirectErrorStream(true)
                .start();
        hash.getInputStream().readAllBytes();
        assertThat(hash.waitFor()).isZero();
        assertThat(Files.readString(d.resolve("known_hosts"))).startsWith("|1|");
        Files.writeString(
                d.resolve("inventory.yaml"), "hosts:\n  clean: {address: 127.0.0.1, port: " + clean.port() + "}\n");
        Files.createDirectories(d.resolve("standards"));
        Files.writeString(d.resolve("standards/s.yaml"), "standard: s\nresources:\n  - package: openssh-server\n");
        Path cfg = Files.writeString(
                d.resolve("driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\n"
                        + "reports_dir: reports\nhmac_key_file: state/key\n"
                        + "ssh: {user: audit, identity_file: id, passphrase_file: passphrase, known_hosts: known_hosts}\n");
        CliRun ok = CliRun.of("audit", "--config", cfg.toString(), "--insecure-unsigned", "--format", "json");
        assertThat(ok.exit()).as(ok.out()).isZero();

        Files.writeString(d.resolve("known_hosts"), "@revoked " + line + "\n" + line + "\n");
        CliRun revoked = CliRun.of("audit", "--config", cfg.toString(), "--insecure-unsigned", "--format", "json");
        JsonNode h = new ObjectMapper().readTree(revoked.out()).get("hosts").get(0);
        assertThat(h.at("/error/kind").asText()).as(h.at("/error").toString()).isEqualTo("host_key");
        assertThat(revoked.exit()).isEqualTo(4);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({"rsa, 3072", "ecdsa, 256", "ecdsa, 521"})
    void rsaAndEcdsaClientKeysAuthenticate(String type, int bits) throws Exception {
        Path d = Files.createDirectories(dir.resolve("key-" + type + bits));
        Path key = d.resolve("id");
        Process gen = new ProcessBuilder(
                        "ssh-keygen", "-q", "-t", type, "-b", Integer.toString(bits), "-N", "", "-f", key.toString())
                .redirectErrorStream(true)
                .start();
        gen.getInputStream().readAllBytes();
        assertThat(gen.waitFor()).isZero();
        clean.exec(
                "sh",
                "-c",
                "printf '%s\\n' \"$1\" >> /home/audit/.ssh/authorized_keys",
                "sh",
                Files.readString(Path.of(key + ".pub")).strip());
        Files.copy(dir.resolve("known_hosts"), d.resolve("known_hosts"));
        Files.writeString(
                d.resolve("inventory.yaml"), "hosts:\n  clean: {address: 127.0.0.1, port: " + clean.port() + "}\n");
        Files.createDirectories(d.resolve("standards"));
        Files.writeString(d.resolve("standards/s.yaml"), "standard: s\nresources:\n  - package: openssh-server\n");
        Path cfg = Files.writeString(
                d.resolve("driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\n"
                        + "reports_dir: reports\nhmac_key_file: state/key\nssh: {user: audit, identity_file: id, known_hosts: known_hosts}\n");
        CliRun run = CliRun.of("audit", "--config", cfg.toString(), "--insecure-unsigned");
        assertThat(run.exit()).as(run.out()).isZero();
    }
}
