package io.driftwarden.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwarden.inventory.InventoryDiff;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The inventory as the previous run saw it, in {@code state_dir/inventory-snapshot.json} until the store keeps it. */
public final class InventorySnapshotFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public InventorySnapshotFile(Path stateDir) {
        this.file = stateDir.resolve("inventory-snapshot.json");
    }

    /** Empty before the first run: nothing to compare with, so no changes are reported. */
    public Optional<Map<String, InventoryDiff.Entry>> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Map<String, InventoryDiff.Entry> out = new TreeMap<>();
            JSON.readTree(file.toFile()).fields().forEachRemaining(e -> {
                JsonNode n = e.getValue();
                out.put(e.getKey(), new InventoryDiff.Entry(n.get("address").asText(), n.get("transport").asText(),
                        n.get("groups").asText()));
            });
            return Optional.of(out);
        } catch (IOException | RuntimeException e) {
            throw new LoadException(file + ": unreadable inventory snapshot (" + e.getMessage() + "); move it aside");
        }
    }

    public void write(Map<String, InventoryDiff.Entry> snapshot) {
        ObjectNode root = JSON.createObjectNode();
        snapshot.forEach((name, e) -> {
            ObjectNode n = root.putObject(name);
            n.put("address", e.address());
            n.put("transport", e.transport());
            n.put("groups", e.groups());
        });
        try {
            AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new LoadException(file + ": cannot write the inventory snapshot: " + e.getMessage());
        }
    }
}
