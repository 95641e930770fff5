package io.driftwarden.approval;

import io.driftwarden.yaml.MapReader;
import io.driftwarden.yaml.Problems;
import io.driftwarden.yaml.YNode;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code <id>.withdrawn}: a record withdrawn for good (kept forever, signed by an approver). It withdraws the id
 * in every source, whatever its content; the content says who, when and why for the report.
 */
public record Tombstone(String id, Instant withdrawnAt, String withdrawnBy, String reason) {
    public static Optional<Tombstone> parse(YNode root, Problems problems) {
        int before = problems.size();
        return MapReader.of(root, "", problems).flatMap(r -> {
            String id = r.requireString("id").orElse("");
            Optional<Instant> at = r.instant("withdrawn_at", true);
            String by = r.requireString("withdrawn_by").orElse("");
            String reason = r.requireString("reason").orElse("");
            r.finish();
            return problems.size() > before ? Optional.empty() : Optional.of(new Tombstone(id, at.get(), by, reason));
        });
    }

    public String render() {
        return "id: " + id + "\nwithdrawn_at: " + withdrawnAt + "\nwithdrawn_by: \"" + withdrawnBy.replace("\"", "")
                + "\"\nreason: \"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
    }
}
