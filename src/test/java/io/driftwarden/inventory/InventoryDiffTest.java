package io.driftwarden.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwarden.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryDiffTest {
    @TempDir
    Path dir;

    @Test
    void addedRemovedChangedAndTransportDowngrade() {
        var before = Map.of(
                "a",
                new InventoryDiff.Entry("192.0.2.1:22", "ssh", "web"),
                "b",
                new InventoryDiff.Entry("192.0.2.2:22", "ssh", "web"),
                "c",
                new InventoryDiff.Entry("192.0.2.3:22", "ssh", "db"));
        var after = Map.of(
                "a",
                new InventoryDiff.Entry("192.0.2.1:22", "ssh", "web"),
                "b",
                new InventoryDiff.Entry("images/b", "image", "web"),
                "d",
                new InventoryDiff.Entry("192.0.2.4:22", "ssh", "db"));
        List<InventoryChange> changes = InventoryDiff.between(before, after);
        assertThat(changes)
                .containsExactly(
                        new InventoryChange(
                                "b",
                                "changed",
                                Map.of(
                                        "address",
                                        List.of("192.0.2.2:22", "images/b"),
                                        "transport",
                                        List.of("ssh", "image")),
                                List.of("transport-downgrade")),
                        new InventoryChange("c", "removed", Map.of(), List.of()),
                        new InventoryChange("d", "added", Map.of(), List.of()));
    }

    @Test
    void reportsListInventoryChangesSinceThePreviousRun() throws Exception {
        Files.createDirectories(dir.resolve("standards"));
        Files.writeString(dir.resolve("standards/s.yaml"), "standard: s\nresources:\n  - group: root\n    gid: 0\n");
        for (String h : List.of("r1", "r2")) {
            Files.writeString(Files.createDirectories(dir.resolve(h + "/etc")).resolve("group"), "root:x:0:\n");
        }
        Files.writeString(
                dir.resolve("inventory.yaml"),
                "hosts:\n  one: {transport: image, root: r1}\n  two: {transport: image, root: r2}\n");
        Path cfg = Files.writeString(
                dir.resolve("driftwarden.yaml"),
                "standards: standards\ninventory: inventory.yaml\n"
                        + "reports_dir: reports\nstore: {url: \"jdbc:h2:file:./state/driftwarden\"}\nhmac_key_file: state/key\n");
        CliRun first = CliRun.of("audit", "--config", cfg.toString(), "--insecure-unsigned", "--format", "json");
        assertThat(new ObjectMapper().readTree(first.out()).get("inventory_changes"))
                .isEmpty();
        Files.writeString(
                dir.resolve("inventory.yaml"),
                "hosts:\n  one: {transport: image, root: r2, groups: [x]}\n"
                        + "  three: {transport: image, root: r1}\n");
        CliRun second = CliRun.of("audit", "--config", cfg.toString(), "--insecure-unsigned", "--format", "json");
        JsonNode changes = new ObjectMapper().readTree(second.out()).get("inventory_changes");
        assertThat(changes.toString())
                .isEqualTo("[{\"host\":\"one\",\"change\":\"changed\",\"fields\":{\"address\":[\"r1\",\"r2\"],"
                        + "\"groups\":[\"\",\"x\"]},\"flags\":[]},{\"host\":\"three\",\"change\":\"added\",\"flags\":[]},"
                        + "{\"host\":\"two\",\"change\":\"removed\",\"flags\":[]}]");
    }
}
