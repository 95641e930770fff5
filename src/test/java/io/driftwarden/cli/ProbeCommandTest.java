package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe --host}: the exact standard input an audit gives a host, runnable as it stands. */
class ProbeCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void bundle() throws Exception {
        Path std = Files.createDirectories(dir.resolve("standards"));
        Files.writeString(std.resolve("base.yaml"), """
                standard: base
                applies_to: {groups: [web]}
                resources:
                  - file: /etc/hostname
                    mode: "0644"
                    content: "${host.name}\\n"
                  - package: dpkg
                  - sysctl: kernel.ostype
                    value: Linux
                  - user: root
                    uid: 0
                """);
        Files.writeString(dir.resolve("inventory.yaml"), """
                hosts:
                  web-1: {address: 192.0.2.10, groups: [web]}
                  db-1: {address: 192.0.2.11, groups: [db]}
                """);
        config("");
    }

    Path config(String ssh) throws Exception {
        return Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\n"
                        + "reports_dir: reports\nhmac_key_file: state/key\nssh: {user: audit" + ssh + "}\n");
    }

    CliRun probe(String host) {
        return CliRun.of(
                "probe", "--config", dir.resolve("driftwarden.yaml").toString(), "--insecure-unsigned", "--host", host);
    }

    @Test
    void theScriptForAHostCarriesItsRequestAndRunsUnderSh() throws Exception {
        CliRun run = probe("web-1");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("standard input of `/bin/sh -s` on web-1, 4 items");
        assertThat(run.out())
                .contains("REQ='F 0 /etc/hostname hd ")
                .contains("F 0 /etc/hostname hd ")
                .contains("P 1 dpkg")
                .contains("K 2 /proc/sys/kernel/ostype")
                .contains("U 3 root");
        Process sh = new ProcessBuilder("/bin/sh", "-s").start();
        sh.getOutputStream().write(run.out().getBytes(StandardCharsets.UTF_8));
        sh.getOutputStream().close();
        byte[] output = sh.getInputStream().readAllBytes();
        assertThat(sh.waitFor()).isZero();
        assertThat(new String(output, StandardCharsets.UTF_8))
                .as("the probe's own framing, checksummed")
                .containsPattern("(?m)^F 0 ok file ")
                .containsPattern("(?m)^K 2 ok Linux$")
                .containsPattern("(?m)^END 5 [0-9a-f]{64}$");
    }

    @Test
    void sudoModeSendsOnlyTheRequestToThePinnedProbe() throws Exception {
        config(", sudo: true");
        CliRun run = probe("web-1");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("sudo -n /usr/libexec/driftwarden/probe");
        assertThat(run.out()).startsWith("F 0 /etc/hostname hd ").doesNotContain("REQ=");
        assertThat(run.out().lines()).hasSize(4);
    }

    @Test
    void aHostNoStandardCoversOrNoInventoryNamesIsAnError() {
        CliRun uncovered = probe("db-1");
        assertThat(uncovered.exit()).isEqualTo(1);
        assertThat(uncovered.err()).contains("db-1: no standard applies");
        CliRun unknown = probe("web-9");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("--host: no host 'web-9' in");
    }
}
