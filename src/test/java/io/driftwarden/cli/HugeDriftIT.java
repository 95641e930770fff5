package io.driftwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One host with 100,000 unmanaged entries in an exclusive directory, beside a host with one ordinary drift, audited
 * by the built jar at -Xmx256m: the run completes for both, the report carries 50 entries and counts the rest.
 */
class HugeDriftIT {
    static final int ENTRIES = 100_000;

    @TempDir
    Path dir;

    @Test
    void aHostWithAHundredThousandDriftsDoesNotTakeDownTheRun() throws Exception {
        Files.writeString(dir.resolve("inventory.yaml"), "hosts:\n" + io.driftwarden.FloodedFleet.write(dir, ENTRIES));
        Path cfg = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "instance: prod\nstandards: standards\n"
                        + "inventory: inventory.yaml\nreports_dir: reports\nhmac_key_file: state/key\n"
                        + "store: {url: \"jdbc:h2:file:./state/driftwarden\"}\n");
        Process p = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        Path.of("target/driftwarden.jar").toAbsolutePath().toString(),
                        "audit",
                        "--config",
                        cfg.toString(),
                        "--insecure-unsigned",
                        "--format",
                        "json"))
                .redirectError(dir.resolve("err.txt").toFile())
                .redirectOutput(dir.resolve("out.json").toFile())
                .start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the audit finished").isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err).doesNotContain("OutOfMemoryError");
        JsonNode r = new ObjectMapper().readTree(dir.resolve("out.json").toFile());
        assertThat(r.at("/summary/drifts/unapproved").asLong()).isEqualTo(ENTRIES + 1);
        assertThat(r.at("/summary/drifts/elided").asLong()).isEqualTo(ENTRIES - 50);
        JsonNode big = r.at("/hosts/0");
        assertThat(big.get("host").asText()).isEqualTo("big");
        assertThat(big.get("drifts")).hasSize(50);
        assertThat(big.at("/elided/0/resource").asText()).isEqualTo("file:/etc/cron.d");
        assertThat(big.at("/elided/0/property").asText()).isEqualTo("unmanaged-entry");
        assertThat(big.at("/elided/0/count").asLong()).isEqualTo(ENTRIES - 50);
        JsonNode small = r.at("/hosts/1");
        assertThat(small.get("status").asText()).isEqualTo("unapproved_drift");
        assertThat(small.at("/drifts/0/property").asText()).isEqualTo("mode");

        CliRun text = CliRun.of("audit", "--config", cfg.toString(), "--insecure-unsigned", "--hosts", "big");
        assertThat(text.out())
                .contains("big  file:/etc/cron.d unmanaged-entry: and 99,950 more unapproved, not listed one by one");
    }
}
