package io.driftwarden.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwarden.audit.DriftKey;
import io.driftwarden.audit.OpenDrift;
import io.driftwarden.audit.RunHistory;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The daemon's run history in {@code state_dir/run-history.json} until the store keeps it: open drifts with
 * their first sighting, consecutive failures per host, the last run and the last success. Written atomically.
 */
public final class HistoryFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public HistoryFile(Path stateDir) {
        this.file = stateDir.resolve("run-history.json");
    }

    public RunHistory read() {
        if (!Files.exists(file)) {
            return RunHistory.EMPTY;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<DriftKey, OpenDrift> open = new HashMap<>();
            for (JsonNode d : root.path("open")) {
                DriftKey k = new DriftKey(d.get("host").asText(), d.get("resource").asText(), d.get("property").asText());
                open.put(k, new OpenDrift(k, d.get("classification").asText(), Instant.parse(d.get("first_seen").asText())));
            }
            Map<String, Integer> failures = new HashMap<>();
            root.path("consecutive_failures").fields().forEachRemaining(e -> failures.put(e.getKey(), e.getValue().asInt()));
            return new RunHistory(open, failures, instant(root, "last_run"), instant(root, "last_success"));
        } catch (IOException | RuntimeException e) {
            throw new LoadException(file + ": unreadable run history (" + e.getMessage() + "); move it aside to start afresh");
        }
    }

    public void write(RunHistory h) {
        ObjectNode root = JSON.createObjectNode();
        root.put("last_run", h.lastRun() == null ? null : h.lastRun().toString());
        root.put("last_success", h.lastSuccess() == null ? null : h.lastSuccess().toString());
        ArrayNode open = root.putArray("open");
        h.open().values().stream().sorted((a, b) -> a.key().compareTo(b.key())).forEach(o -> {
            ObjectNode d = open.addObject();
            d.put("host", o.key().host());
            d.put("resource", o.key().resource());
            d.put("property", o.key().property());
            d.put("classification", o.classification());
            d.put("first_seen", o.firstSeen().toString());
        });
        ObjectNode f = root.putObject("consecutive_failures");
        new java.util.TreeMap<>(h.consecutiveFailures()).forEach(f::put);
        try {
            AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new LoadException(file + ": cannot write the run history: " + e.getMessage());
        }
    }

    private static Instant instant(JsonNode root, String key) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }
}
