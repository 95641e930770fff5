package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the CLI on image hosts: per-host values from the inventory and Ansible-style vars, an excluded
 * host, an override reported instead of a conflict, an exclusive directory with hidden hotfixes, the user guard and a
 * version floor that accepts a security update.
 */
class RealFleetStandardsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void fleet() throws Exception {
        for (String h : List.of("web-1", "web-2", "web-canary", "db-1")) {
            root(h);
        }
        // web-1: hidden hotfixes in exclusive directories, a second root and an extra account
        Files.writeString(dir.resolve("roots/web-1/etc/sudoers.d/99-hotfix"), "ops ALL=(ALL) NOPASSWD: ALL\n");
        Files.writeString(dir.resolve("roots/web-1/etc/ssh/sshd_config.d/00-x.conf"), "PermitRootLogin yes\n");
        Files.writeString(dir.resolve("roots/web-1/etc/cron.d/x"), "* * * * * root /tmp/x\n");
        Files.writeString(
                dir.resolve("roots/web-1/etc/passwd"),
                "toor:x:0:0::/root:/bin/sh\neve:x:1005:1005::/home/eve:/bin/bash\n",
                java.nio.file.StandardOpenOption.APPEND);
        // web-2: an unattended security update above the floor; db-1 below it
        setVersion("web-2", "1:9.2p1-2+deb12u5");
        setVersion("db-1", "1:9.2p1-2+deb12u2");
        Files.writeString(dir.resolve("inventory.yaml"), """
                hosts:
                  web-1: {transport: image, root: roots/web-1, groups: [web], vars: {ntp: ntp1.example.com}}
                  web-2: {transport: image, root: roots/web-2, groups: [web], vars: {ntp: ntp2.example.com}}
                  web-canary: {transport: image, root: roots/web-canary, groups: [web], vars: {ntp: ntp1.example.com}}
                  db-1: {transport: image, root: roots/db-1, groups: [db]}
                """);
        Path std = Files.createDirectories(dir.resolve("standards"));
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                users: {exclusive_above_uid: 1000}
                resources:
                  - file: /etc/hostname
                    content: "${host.name}\\n"
                  - file: /etc/sudoers.d
                    ensure: directory
                    exclusive: true
                  - file: /etc/sudoers.d/README
                    mode: "0440"
                  - file: /etc/ssh/sshd_config.d
                    ensure: directory
                    exclusive: true
                  - file: /etc/cron.d
                    ensure: directory
                    exclusive: true
                  - file: /etc/cron.d/e2scrub_all
                    mode: "0644"
                  - package: openssh-server
                    version: ">= 1:9.2p1-2+deb12u3"
                  - sysctl: net.core.somaxconn
                    persisted: "1024"
                  - user: deploy
                    uid: 1001
                """);
        Files.writeString(std.resolve("web.yaml"), """
                standard: web
                applies_to: {groups: [web], exclude: {hosts: ["web-canary"]}}
                overrides: base
                resources:
                  - file: /etc/chrony.conf
                    content: "server ${vars.ntp} iburst\\n"
                  - sysctl: net.core.somaxconn
                    persisted: "4096"
                """);
        Files.writeString(std.resolve("db.yaml"), """
                standard: db
                applies_to: {groups: [db]}
                resources:
                  - file: /etc/chrony.conf
                    content: "server ${vars.ntp} iburst\\n"
                """);
        Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\n"
                        + "reports_dir: reports\nhmac_key_file: state/key\n");
    }

    private void root(String h) throws Exception {
        Path r = dir.resolve("roots").resolve(h);
        for (String d :
                List.of("etc/sudoers.d", "etc/ssh/sshd_config.d", "etc/cron.d", "etc/sysctl.d", "var/lib/dpkg")) {
            Files.createDirectories(r.resolve(d));
        }
        Files.writeString(r.resolve("etc/hostname"), h + "\n");
        Files.writeString(
                r.resolve("etc/chrony.conf"),
                "server " + (h.equals("web-2") ? "ntp2" : "ntp1") + ".example.com iburst\n");
        Files.writeString(r.resolve("etc/sudoers.d/README"), "#\n");
        Files.setAttribute(r.resolve("etc/sudoers.d/README"), "unix:mode", 0440);
        Files.writeString(r.resolve("etc/cron.d/e2scrub_all"), "#\n");
        Files.setAttribute(r.resolve("etc/cron.d/e2scrub_all"), "unix:mode", 0644);
        Files.writeString(
                r.resolve("etc/sysctl.d/60-net.conf"),
                "net.core.somaxconn = " + (h.startsWith("web-") && !h.equals("web-canary") ? "4096" : "1024") + "\n");
        Files.writeString(
                r.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/bash\ndeploy:x:1001:1001::/home/deploy:/bin/bash\n"
                        + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        Files.writeString(r.resolve("etc/group"), "root:x:0:\ndeploy:x:1001:\n");
        Files.writeString(
                r.resolve("var/lib/dpkg/status"),
                "Package: openssh-server\nStatus: install ok installed\n"
                        + "Architecture: amd64\nVersion: 1:9.2p1-2+deb12u3\n\n");
    }

    private void setVersion(String host, String v) throws Exception {
        Path s = dir.resolve("roots").resolve(host).resolve("var/lib/dpkg/status");
        Files.writeString(s, Files.readString(s).replace("1:9.2p1-2+deb12u3", v));
    }

    private JsonNode audit(int exit) throws Exception {
        CliRun run = CliRun.of(
                "audit",
                "--config",
                dir.resolve("driftwarden.yaml").toString(),
                "--insecure-unsigned",
                "--format",
                "json");
        assertThat(run.err()).isEmpty();
        JsonNode r = new ObjectMapper().readTree(run.out());
        assertThat(run.exit()).as(run.out()).isEqualTo(exit);
        return r;
    }

    private static JsonNode host(JsonNode r, String name) {
        for (JsonNode h : r.get("hosts")) {
            if (h.get("host").asText().equals(name)) {
                return h;
            }
        }
        throw new AssertionError("no host " + name);
    }

    private static List<String> drifts(JsonNode h) {
        List<String> out = new ArrayList<>();
        h.get("drifts")
                .forEach(d -> out.add(d.get("resource").asText() + " "
                        + d.get("property").asText() + " " + d.get("actual").asText()));
        return out;
    }

    @Test
    void theFleetIsJudgedPerHost() throws Exception {
        JsonNode r = audit(6);
        JsonNode web1 = host(r, "web-1");
        assertThat(drifts(web1))
                .containsExactlyInAnyOrder(
                        "file:/etc/sudoers.d unmanaged-entry 99-hotfix",
                        "file:/etc/ssh/sshd_config.d unmanaged-entry 00-x.conf",
                        "file:/etc/cron.d unmanaged-entry x",
                        "user:toor ensure present",
                        "user:eve ensure present");
        assertThat(web1.get("standards").toString()).isEqualTo("[\"base\",\"web\"]");
        assertThat(web1.get("overrides").get(0).get("resource").asText()).isEqualTo("sysctl:net.core.somaxconn");
        assertThat(web1.get("overrides").get(0).get("declared_at").asText()).isEqualTo("web.yaml:8");
        assertThat(web1.get("overrides").get(0).get("overridden_at").asText()).isEqualTo("base.yaml:22");

        JsonNode web2 = host(r, "web-2");
        assertThat(web2.get("status").asText())
                .as("a security update above the floor, its own ntp server")
                .isEqualTo("compliant");

        JsonNode canary = host(r, "web-canary");
        assertThat(canary.get("standards").toString()).as("excluded from web").isEqualTo("[\"base\"]");
        assertThat(canary.get("status").asText()).isEqualTo("compliant");
        assertThat(canary.get("overrides")).isEmpty();

        JsonNode db1 = host(r, "db-1");
        assertThat(db1.get("status").asText()).isEqualTo("failed");
        assertThat(db1.get("error").get("kind").asText()).isEqualTo("standard");
        assertThat(db1.get("error").get("message").asText())
                .isEqualTo("db.yaml:5: ${vars.ntp} is not defined for host db-1"
                        + " (give it in the inventory's vars, group_vars or host_vars)");

        Files.writeString(
                dir.resolve("inventory.yaml"),
                Files.readString(dir.resolve("inventory.yaml"))
                        .replace("groups: [db]}", "groups: [db], vars: {ntp: ntp1.example.com}}"));
        JsonNode again = audit(2);
        assertThat(drifts(host(again, "db-1")))
                .as("below the floor")
                .containsExactly("package:openssh-server version 1:9.2p1-2+deb12u2");
    }

    @Test
    void aNormalizedFileIgnoresAnnotationsButNotSettings() throws Exception {
        Path std = Files.createDirectories(dir.resolve("normalized/standards"));
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                resources:
                  - file: /etc/ssh/sshd_config
                    content: "# standard v3\\nPort 22\\nPermitRootLogin no\\n"
                    compare:
                      mode: ignore-comments-and-blank-lines
                      justification: ops annotate the file when they check it
                      expires: 2099-01-01T00:00:00Z
                """);
        for (String h : List.of("web-1", "web-2")) {
            Files.createDirectories(dir.resolve("roots/" + h + "/etc/ssh"));
        }
        Files.writeString(
                dir.resolve("roots/web-1/etc/ssh/sshd_config"),
                "# standard v3\n# checked by alice\n\nPort 22\nPermitRootLogin no\n");
        Files.writeString(
                dir.resolve("roots/web-2/etc/ssh/sshd_config"),
                "# standard v3\nPort 22\nPermitRootLogin yes # hotfix\n");
        Files.writeString(dir.resolve("normalized/inventory.yaml"), """
                hosts:
                  web-1: {transport: image, root: ../roots/web-1}
                  web-2: {transport: image, root: ../roots/web-2}
                """);
        Files.writeString(
                dir.resolve("normalized/driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\n"
                        + "reports_dir: reports\nhmac_key_file: state/key\n");
        CliRun run = CliRun.of(
                "audit",
                "--config",
                dir.resolve("normalized/driftwarden.yaml").toString(),
                "--insecure-unsigned",
                "--format",
                "json");
        assertThat(run.err()).isEmpty();
        JsonNode r = new ObjectMapper().readTree(run.out());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(host(r, "web-1").get("status").asText())
                .as("annotations only")
                .isEqualTo("compliant");
        JsonNode drift = host(r, "web-2").get("drifts").get(0);
        assertThat(drift.get("property").asText()).isEqualTo("content");
        assertThat(drift.get("diff").asText()).contains("+PermitRootLogin yes # hotfix");
        CliRun text = CliRun.of(
                "audit",
                "--config",
                dir.resolve("normalized/driftwarden.yaml").toString(),
                "--insecure-unsigned",
                "--at",
                "2026-11-23T10:00:00Z");
        assertThat(text.out()).contains("compared ignoring comments and blank lines until 2099-01-01T00:00:00Z");
    }

    @Test
    void aWindowedRecordApprovesAnyPropertyOfItsResources() throws Exception {
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Files.createDirectories(dir.resolve("standards/approvals"));
        Files.writeString(dir.resolve("standards/approvals/CHG-PATCH.yaml"), """
                id: CHG-PATCH
                summary: chrony moves to the new pool during tonight's window
                approved_by: [carol@example.com]
                approved_at: %s
                valid_from: %s
                expires: %s
                applies_to: {hosts: ["web-1"]}
                resources: [file:/etc/chrony.conf]
                """.formatted(
                        now.minusSeconds(7200), now.minusSeconds(3600), now.plusSeconds(3600)));
        Files.writeString(dir.resolve("roots/web-1/etc/chrony.conf"), "pool pool.example.com iburst\n");
        Files.setAttribute(dir.resolve("roots/web-1/etc/chrony.conf"), "unix:mode", 0600);
        JsonNode r = audit(6);
        List<String> approved = new ArrayList<>();
        host(r, "web-1").get("drifts").forEach(d -> {
            if (d.get("resource").asText().equals("file:/etc/chrony.conf")) {
                approved.add(d.get("property").asText() + " "
                        + d.get("classification").asText() + " "
                        + d.get("approval").asText());
            }
        });
        assertThat(approved).containsExactly("content approved CHG-PATCH");
        assertThat(r.at("/approvals/open_ended").toString()).contains("CHG-PATCH");
        assertThat(r.at("/approvals/in_use").toString()).contains("CHG-PATCH");
    }
}
