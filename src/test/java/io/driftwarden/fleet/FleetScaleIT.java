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
 * 120 inventory entries over three real OpenSSH hosts, 32 at a time: every entry audited, the right exit code.
 * (Entries share hosts, so those hosts accept more concurrent logins than sshd's default MaxStartups.)
 */
class FleetScaleIT {
    static final int ENTRIES = 120;

    @TempDir
    static Path dir;

    static final List<SshHost> hosts = new ArrayList<>();

    @BeforeAll
    static void fleet() throws Exception {
        Keys key = Keys.generate(dir, "id");
        StringBuilder known = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            SshHost h = SshHost.start(key.publicLine(), null, null, true);
            h.exec("sh", "-c", "echo 'MaxStartups 200' >> /etc/ssh/sshd_config && kill -HUP 1");
            hosts.add(h);
            known.append(h.knownHostsLine("[127.0.0.1]:" + h.port())).append('\n');
        }
        hosts.get(2).exec("chmod", "0600", "/etc/ssh/sshd_config");
        Files.writeString(dir.resolve("known_hosts"), known);
        StringBuilder inv = new StringBuilder("hosts:\n");
        for (int i = 0; i < ENTRIES; i++) {
            inv.append(String.format(
                    "  web-%03d: {address: 127.0.0.1, port: %d}%n",
                    i, hosts.get(i % 3).port()));
        }
        Files.writeString(dir.resolve("inventory.yaml"), inv);
        Path std = Files.createDirectories(dir.resolve("standards"));
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                resources:
                  - file: /etc/ssh/sshd_config
                    owner: root
                    mode: "0644"
                  - package: openssh-server
                  - service: ssh
                    enabled: true
                  - user: audit
                    shell: /bin/sh
                """);
        Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\n"
                        + "reports_dir: reports\nhmac_key_file: state/key\n"
                        + "ssh: {identity_file: id, known_hosts: known_hosts, connect_timeout: 10s, host_timeout: 60s, concurrency: 32}\n");
    }

    @AfterAll
    static void down() {
        hosts.forEach(SshHost::close);
    }

    @Test
    void aHundredAndTwentyEntriesAllAudited() throws Exception {
        long t0 = System.nanoTime();
        CliRun run = CliRun.of(
                "audit",
                "--config",
                dir.resolve("driftwarden.yaml").toString(),
                "--insecure-unsigned",
                "--format",
                "json");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("fleet run: " + ENTRIES + " entries over 3 OpenSSH hosts, concurrency 32: " + ms + " ms");
        assertThat(run.err()).isEmpty();
        JsonNode r = new ObjectMapper().readTree(run.out());
        assertThat(r.at("/summary/hosts").asInt()).isEqualTo(ENTRIES);
        assertThat(r.at("/summary/failed").asInt())
                .as(run.out().substring(0, Math.min(3000, run.out().length())))
                .isZero();
        assertThat(r.at("/summary/unapproved_drift").asInt()).isEqualTo(ENTRIES / 3);
        assertThat(r.at("/summary/compliant").asInt()).isEqualTo(ENTRIES - ENTRIES / 3);
        assertThat(run.exit()).isEqualTo(2);
    }
}
