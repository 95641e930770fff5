package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conflicts are per host; uncovered, failed and incomplete hosts are reported and set exit bit 4. */
class HostOutcomesTest {
    @TempDir
    Path dir;

    @Test
    void everyHostStatusAndTheDetailedExitCode() throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("standards"));
        Files.writeString(bundle.resolve("a.yaml"), """
                standard: a
                applies_to: {hosts: ["c1", "ok1", "i1", "f1"]}
                resources:
                  - group: root
                    gid: 0
                """);
        Files.writeString(bundle.resolve("b.yaml"), """
                standard: b
                applies_to: {hosts: ["i1"]}
                resources:
                  - group: root
                    gid: 0
                """);
        Files.writeString(bundle.resolve("c.yaml"), """
                standard: c
                applies_to: {hosts: ["c1"]}
                resources:
                  - group: root
                    gid: 7
                """);
        Files.writeString(bundle.resolve("d.yaml"), """
                standard: d
                applies_to: {hosts: ["i1"]}
                resources:
                  - file: /etc/up/passwd
                    mode: "0644"
                """);
        for (String h : new String[] {"c1", "ok1", "i1", "u1"}) {
            Path etc = Files.createDirectories(dir.resolve("roots").resolve(h).resolve("etc"));
            Files.writeString(etc.resolve("group"), "root:x:0:\n");
        }
        Files.createSymbolicLink(dir.resolve("roots/i1/etc/up"), Path.of("../../../../../../.."));
        Files.writeString(dir.resolve("inventory.yaml"), """
                hosts:
                  c1: {transport: image, root: roots/c1}
                  ok1: {transport: image, root: roots/ok1}
                  i1: {transport: image, root: roots/i1}
                  u1: {transport: image, root: roots/u1}
                  f1: {transport: image, root: roots/missing}
                """);
        Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\n"
                        + "reports_dir: reports\nhmac_key_file: state/key\n");

        CliRun run = CliRun.of(
                "audit",
                "--config",
                dir.resolve("driftwarden.yaml").toString(),
                "--insecure-unsigned",
                "--format",
                "json");

        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isEqualTo(4);
        JsonNode report = new ObjectMapper().readTree(run.out());
        Map<String, String> status = new TreeMap<>();
        report.get("hosts")
                .forEach(h -> status.put(h.get("host").asText(), h.get("status").asText()));
        assertThat(status)
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(
                        "c1", "failed", "f1", "failed", "i1", "incomplete", "ok1", "compliant", "u1", "uncovered")));
        JsonNode c1 = report.get("hosts").get(0);
        assertThat(c1.at("/error/kind").asText()).isEqualTo("conflict");
        assertThat(c1.at("/error/message").asText())
                .contains("a.yaml:5")
                .contains("c.yaml:5")
                .contains("group:root gid");
        assertThat(report.get("hosts").get(1).at("/error/kind").asText()).isEqualTo("unreachable");
        assertThat(report.get("hosts").get(2).at("/not_checked/0/why").asText()).isEqualTo("escapes-root");
        assertThat(report.at("/summary/failed").asInt()).isEqualTo(2);
        assertThat(report.at("/summary/uncovered").asInt()).isEqualTo(1);
    }
}
