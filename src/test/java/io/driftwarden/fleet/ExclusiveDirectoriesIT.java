package io.driftwarden.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwarden.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hidden hotfix kinds on a real Debian host over OpenSSH: a sudoers drop-in, an sshd drop-in (sshd reads it
 * before its main file), a cron entry, a second uid 0 and an extra login, all invisible to a standard that only lists
 * what it wants, all caught by exclusive directories and the user guard.
 */
class ExclusiveDirectoriesIT {
    @TempDir
    static Path dir;

    static Keys key;
    static SshHost host;

    @BeforeAll
    static void up() throws Exception {
        key = Keys.generate(dir, "audit_id");
        host = SshHost.start(key.publicLine(), null, null, true);
    }

    @AfterAll
    static void down() {
        if (host != null) {
            host.close();
        }
    }

    static JsonNode audit(String name) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Path std = Files.createDirectories(d.resolve("standards"));
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                users: {exclusive_above_uid: 1000}
                resources:
                  - file: /etc/sudoers.d
                    ensure: directory
                    exclusive: true
                  - file: /etc/sudoers.d/README
                    mode: "0440"
                  - file: /etc/sudoers.d/00-driftwarden-test
                    mode: "0440"
                  - file: /etc/ssh/sshd_config.d
                    ensure: directory
                    exclusive: true
                  - file: /etc/cron.d
                    ensure: directory
                    exclusive: true
                  - file: /etc/cron.d/e2scrub_all
                    mode: "0644"
                  - user: audit
                    uid: 1500
                  - user: ops-alice
                    uid: 1600
                  - user: dw-enforce
                    uid: 1700
                """);
        Files.writeString(
                d.resolve("inventory.yaml"), "hosts:\n  deb-1: {address: 127.0.0.1, port: " + host.port() + "}\n");
        Files.writeString(d.resolve("known_hosts"), host.knownHostsLine("[127.0.0.1]:" + host.port()) + "\n");
        Files.copy(key.privateKey(), d.resolve("id"));
        Files.writeString(
                d.resolve("driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\n"
                        + "reports_dir: reports\nhmac_key_file: state/key\n"
                        + "ssh: {user: audit, identity_file: id, known_hosts: known_hosts, connect_timeout: 5s, host_timeout: 30s}\n");
        CliRun run = CliRun.of(
                "audit",
                "--config",
                d.resolve("driftwarden.yaml").toString(),
                "--insecure-unsigned",
                "--format",
                "json");
        assertThat(run.err()).isEmpty();
        return new ObjectMapper().readTree(run.out()).get("hosts").get(0);
    }

    static List<String> drifts(JsonNode h) {
        List<String> out = new ArrayList<>();
        h.get("drifts")
                .forEach(d -> out.add(d.get("resource").asText() + " "
                        + d.get("property").asText() + " " + d.get("actual").asText() + " @"
                        + d.get("declared_at").asText()));
        return out;
    }

    @Test
    void hiddenHotfixesAreCaughtByWhatTheStandardLeftOut() throws Exception {
        JsonNode clean = audit("clean");
        assertThat(clean.get("status").asText()).as(clean.toString()).isEqualTo("compliant");

        host.exec(
                "sh",
                "-c",
                "printf 'ops-alice ALL=(ALL) NOPASSWD: ALL\\n' > /etc/sudoers.d/99-hotfix && chmod 0440 /etc/sudoers.d/99-hotfix");
        host.exec("sh", "-c", "printf 'PermitRootLogin yes\\n' > /etc/ssh/sshd_config.d/00-x.conf");
        host.exec("sh", "-c", "printf '* * * * * root /usr/local/bin/x\\n' > /etc/cron.d/x");
        host.exec("useradd", "-o", "-u", "0", "-g", "0", "-M", "-s", "/bin/sh", "toor");
        host.exec("useradd", "-M", "-u", "1801", "eve");

        JsonNode h = audit("hotfixed");
        assertThat(h.get("status").asText()).isEqualTo("unapproved_drift");
        assertThat(drifts(h))
                .containsExactlyInAnyOrder(
                        "file:/etc/cron.d unmanaged-entry x @base.yaml:14",
                        "file:/etc/ssh/sshd_config.d unmanaged-entry 00-x.conf @base.yaml:11",
                        "file:/etc/sudoers.d unmanaged-entry 99-hotfix @base.yaml:4",
                        "user:eve ensure present @base.yaml:2",
                        "user:toor ensure present @base.yaml:2");
        assertThat(h.get("not_checked")).isEmpty();
        for (JsonNode d : h.get("drifts")) {
            assertThat(d.get("classification").asText()).isEqualTo("unapproved");
            assertThat(d.get("expected").asText()).isEqualTo("absent");
        }
    }
}
