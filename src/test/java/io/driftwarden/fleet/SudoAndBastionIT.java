package io.driftwarden.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwarden.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.MountableFile;

/** Sudo mode with the pinned probe installed from our package (and a tampered copy), and a host behind a bastion. */
class SudoAndBastionIT {
    @TempDir
    static Path dir;

    static Keys key;
    static SshHost sudoHost;
    static SshHost tampered;
    static SshHost bastion;
    static SshHost target;
    static Network network;

    @BeforeAll
    static void hosts() throws Exception {
        key = Keys.generate(dir, "audit_id");
        Process build = new ProcessBuilder(
                        "sh",
                        "deploy/probe-package/build.sh",
                        dir.resolve("deb").toString())
                .redirectErrorStream(true)
                .start();
        String debPath = new String(build.getInputStream().readAllBytes()).strip();
        assertThat(build.waitFor()).as(debPath).isZero();
        sudoHost = SshHost.start(key.publicLine(), null, null, true);
        tampered = SshHost.start(key.publicLine(), null, null, true);
        for (SshHost h : new SshHost[] {sudoHost, tampered}) {
            h.copy(MountableFile.forHostPath(debPath), "/tmp/probe.deb");
            h.exec("dpkg", "-i", "/tmp/probe.deb");
            h.exec("chmod", "0640", "/etc/ssh/sshd_config"); // only root may read it now
            h.exec("sh", "-c", "echo 'net.ipv4.ip_forward = 0' > /etc/sysctl.d/60-hardening.conf");
        }
        tampered.exec("sh", "-c", "echo '# patched by hand' >> /usr/libexec/driftwarden/probe");
        network = Network.newNetwork();
        bastion = SshHost.start(key.publicLine(), network, "bastion", true);
        target = SshHost.start(key.publicLine(), network, "target", false);
        target.exec("sh", "-c", "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/99-hotfix.conf");
    }

    @AfterAll
    static void down() {
        for (SshHost h : new SshHost[] {sudoHost, tampered, bastion, target}) {
            if (h != null) {
                h.close();
            }
        }
        if (network != null) {
            network.close();
        }
    }

    static JsonNode audit(String name, String inventory, String known, String sshExtra) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Path std = Files.createDirectories(d.resolve("standards"));
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                resources:
                  - file: /etc/ssh/sshd_config
                    owner: root
                    mode: "0640"
                    sha256: "%s"
                  - sysctl: net.ipv4.ip_forward
                    persisted: "0"
                """.formatted("0".repeat(64)));
        Files.writeString(d.resolve("inventory.yaml"), inventory);
        Files.writeString(d.resolve("known_hosts"), known);
        Files.copy(key.privateKey(), d.resolve("id"));
        Files.writeString(
                d.resolve("driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\n"
                        + "reports_dir: reports\nhmac_key_file: state/key\n"
                        + "ssh: {user: audit, identity_file: id, known_hosts: known_hosts, connect_timeout: 5s, host_timeout: 20s"
                        + sshExtra + "}\n");
        CliRun run = CliRun.of(
                "audit",
                "--config",
                d.resolve("driftwarden.yaml").toString(),
                "--insecure-unsigned",
                "--format",
                "json");
        assertThat(run.err()).isEmpty();
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void sudoModeReadsWhatOnlyRootCanAndRefusesATamperedProbe() throws Exception {
        String inventory = "hosts:\n  sudo-host: {address: 127.0.0.1, port: " + sudoHost.port() + "}\n"
                + "  tampered: {address: 127.0.0.1, port: " + tampered.port() + "}\n";
        String known = sudoHost.knownHostsLine("[127.0.0.1]:" + sudoHost.port()) + "\n"
                + tampered.knownHostsLine("[127.0.0.1]:" + tampered.port()) + "\n";
        JsonNode r = audit("sudo", inventory, known, ", sudo: true");
        Map<String, JsonNode> hosts = new TreeMap<>();
        r.get("hosts").forEach(h -> hosts.put(h.get("host").asText(), h));
        JsonNode ok = hosts.get("sudo-host");
        assertThat(ok.get("status").asText()).as(ok.toString()).isEqualTo("unapproved_drift");
        // as root the probe hashed a file "other" cannot read; its bytes still never left the host (no diff)
        assertThat(ok.get("drifts")).hasSize(1);
        assertThat(ok.at("/drifts/0/property").asText()).isEqualTo("content");
        assertThat(ok.at("/drifts/0/actual").asText()).startsWith("sha256:");
        assertThat(ok.at("/drifts/0/diff").isNull()).isTrue();
        JsonNode bad = hosts.get("tampered");
        assertThat(bad.at("/error/kind").asText()).isEqualTo("probe");
        assertThat(bad.at("/error/message").asText())
                .contains("/usr/libexec/driftwarden/probe is not the probe this version expects");
    }

    @Test
    void aHostBehindABastion() throws Exception {
        String inventory = "hosts:\n  behind: {address: target, port: 22}\n";
        String known =
                bastion.knownHostsLine("[127.0.0.1]:" + bastion.port()) + "\n" + target.knownHostsLine("target") + "\n";
        JsonNode r = audit("bastion", inventory, known, ", proxy_jump: \"audit@127.0.0.1:" + bastion.port() + "\"");
        JsonNode h = r.get("hosts").get(0);
        assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("unapproved_drift");
        assertThat(h.at("/observed/host_key_sha256").asText()).isEqualTo(target.fingerprint());
        assertThat(h.get("drifts").toString())
                .contains("sysctl:net.ipv4.ip_forward")
                .contains("\"actual\":\"1\"");
    }
}
