package io.driftwarden.audit;

import io.driftwarden.inventory.InventoryChange;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one run found, as every report shows it: assembled once, at the end of the run's pipeline, from the
 * {@link Findings} and what the later steps added (first sightings, possible actors, record flags over time, the
 * inventory's changes, the reverts since the previous run). Nothing rebuilds it after that; writers only read it.
 */
public record AuditResult(
        String instance,
        String runId,
        Instant startedAt,
        Instant finishedAt,
        Instant evaluatedAt,
        boolean preview,
        StandardInfo standard,
        List<HostResult> hosts,
        ApprovalSummary approvals,
        List<InventoryChange> inventoryChanges,
        List<RevertNote> reverts)
        implements Audited {
    public AuditResult {
        hosts = Audited.sorted(hosts);
        inventoryChanges = List.copyOf(inventoryChanges);
        reverts = List.copyOf(reverts);
    }

    /** Starts the one assembly of a run's result from what it found; unset parts stay as found (or empty). */
    public static Builder assemble(Audited found) {
        return new Builder(found);
    }

    /** The parts later steps add; {@link #build()} is the only place a result comes from in the program. */
    public static final class Builder {
        private final Audited found;
        private List<HostResult> hosts;
        private ApprovalSummary approvals;
        private List<InventoryChange> inventoryChanges = List.of();
        private List<RevertNote> reverts = List.of();

        private Builder(Audited found) {
            this.found = Objects.requireNonNull(found, "found");
            this.hosts = found.hosts();
            this.approvals = found.approvals();
        }

        /** Each host as shown: its drifts annotated from history and with their possible actors. */
        public Builder hosts(List<HostResult> shown) {
            this.hosts = shown;
            return this;
        }

        /** The approvals block with the record flags that need history (unused since, stale). */
        public Builder approvals(ApprovalSummary withHistory) {
            this.approvals = withHistory;
            return this;
        }

        /** The inventory's changes since the previous run. */
        public Builder inventoryChanges(List<InventoryChange> changes) {
            this.inventoryChanges = changes;
            return this;
        }

        /** The reverts recorded since the previous run. */
        public Builder reverts(List<RevertNote> notes) {
            this.reverts = notes;
            return this;
        }

        public AuditResult build() {
            return new AuditResult(
                    found.instance(),
                    found.runId(),
                    found.startedAt(),
                    found.finishedAt(),
                    found.evaluatedAt(),
                    found.preview(),
                    found.standard(),
                    hosts,
                    approvals,
                    inventoryChanges,
                    reverts);
        }
    }
}
