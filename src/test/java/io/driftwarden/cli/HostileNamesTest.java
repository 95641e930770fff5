package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names with spaces, quotes, $(...), backticks, ';' and a leading '-' are audited through the local probe
 * with correct results, and nothing in them ever runs: the marker file must never appear.
 */
class HostileNamesTest {
    @TempDir
    Path dir;

    @Test
    void hostileFileAndPackageNamesAreDataNeverCode() throws Exception {
        // The probe runs in the JVM's working directory: an executed `touch` would create the marker there.
        String markerName = "dw-marker-" + ProcessHandle.current().pid();
        Path marker = Path.of(markerName).toAbsolutePath();
        Path files = Files.createDirectories(dir.resolve("tree"));
        String touch = "touch " + markerName;
        List<String> names = List.of(
                "with space",
                "single'quote",
                "double\"quote",
                "$(" + touch + ")",
                "`" + touch + "`",
                "semi;" + touch,
                "-leading-dash",
                "back\\slash",
                "percent%2e",
                "glob*[a]?");
        Map<String, String> expectedMode = new HashMap<>();
        StringBuilder yaml = new StringBuilder("standard: hostile\nresources:\n");
        int i = 0;
        for (String n : names) {
            Path p = files.resolve(n);
            Files.writeString(p, "content " + n + "\n");
            String mode = i % 2 == 0 ? "0644" : "0600";
            Files.setAttribute(p, "unix:mode", Integer.parseInt(mode, 8));
            expectedMode.put(p.toString(), mode);
            yaml.append("  - file: ")
                    .append(json(p.toString()))
                    .append("\n    mode: \"0644\"\n    content: ")
                    .append(json("content " + n + "\n"))
                    .append('\n');
            i++;
        }
        String forged = "x\nF 0 ok file 644 0 root 0 root 1 - - - -\nEND 1 " + "0".repeat(64);
        Path link = Files.createSymbolicLink(files.resolve("forge"), Path.of(forged));
        yaml.append("  - file: ").append(json(link.toString())).append("\n    ensure: link\n    target: /expected\n");
        for (String n : names) {
            yaml.append("  - package: ").append(json("pkg" + n)).append("\n    ensure: absent\n");
        }
        yaml.append("  - package: ").append(json("$(" + touch + ")")).append("\n");
        Path bundle = Files.createDirectories(dir.resolve("standards"));
        Files.writeString(bundle.resolve("hostile.yaml"), yaml);
        Files.writeString(dir.resolve("inventory.yaml"), "hosts:\n  self: {transport: local}\n");
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

        assertThat(marker).as("nothing from a name may execute").doesNotExist();
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isEqualTo(2);
        JsonNode host = new ObjectMapper().readTree(run.out()).get("hosts").get(0);
        assertThat(host.get("status").asText()).isEqualTo("unapproved_drift");
        List<String> drifted = new ArrayList<>();
        host.get("drifts")
                .forEach(d -> drifted.add(d.get("resource").asText() + " "
                        + d.get("property").asText() + " " + d.get("actual").asText()));
        List<String> expected = new ArrayList<>();
        expectedMode.forEach((path, mode) -> {
            if (!mode.equals("0644")) {
                expected.add("file:" + path + " mode " + mode);
            }
        });
        expected.add("package:$(" + touch + ") ensure absent");
        expected.add("file:" + link + " target " + forged);
        assertThat(drifted).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String json(String s) throws Exception {
        return new ObjectMapper().writeValueAsString(s);
    }
}
