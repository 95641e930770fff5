package io.driftwarden.audit;

import java.time.Instant;
import java.util.List;

/** Everything one run found: the single value every report writer renders. Hosts sorted by name. */
public record AuditResult(String instance, String runId, Instant startedAt, Instant finishedAt, Instant evaluatedAt,
                          boolean preview, StandardInfo standard, List<HostResult> hosts, ApprovalSummary approvals,
                          List<io.driftwarden.inventory.InventoryChange> inventoryChanges, List<RevertNote> reverts) {
    public AuditResult(String instance, String runId, Instant startedAt, Instant finishedAt, Instant evaluatedAt,
                       boolean preview, StandardInfo standard, List<HostResult> hosts, ApprovalSummary approvals) {
        this(instance, runId, startedAt, finishedAt, evaluatedAt, preview, standard, hosts, approvals, List.of(), List.of());
    }

    /** The same result, with the inventory's changes since the previous run. */
    public AuditResult withInventoryChanges(List<io.driftwarden.inventory.InventoryChange> changes) {
        return new AuditResult(instance, runId, startedAt, finishedAt, evaluatedAt, preview, standard, hosts, approvals, changes, reverts);
    }

    /** The same result with the approvals block replaced (record flags that need history). */
    public AuditResult withApprovals(ApprovalSummary a) {
        return new AuditResult(instance, runId, startedAt, finishedAt, evaluatedAt, preview, standard, hosts, a, inventoryChanges, reverts);
    }

    /** The same result with each host's result replaced (history fields, trimmed diffs). */
    public AuditResult withHosts(List<HostResult> h) {
        return new AuditResult(instance, runId, startedAt, finishedAt, evaluatedAt, preview, standard, h, approvals, inventoryChanges, reverts);
    }

    /** The same result with the reverts recorded since the previous run. */
    public AuditResult withReverts(List<RevertNote> r) {
        return new AuditResult(instance, runId, startedAt, finishedAt, evaluatedAt, preview, standard, hosts, approvals, inventoryChanges, r);
    }

    public AuditResult {
        hosts = hosts.stream().sorted((a, b) -> io.driftwarden.standard.ResourceId.Utf8Order.compare(a.host().name(),
                b.host().name())).toList();
        inventoryChanges = List.copyOf(inventoryChanges);
        reverts = List.copyOf(reverts);
    }

    public long count(HostStatus s) {
        return hosts.stream().filter(h -> h.status() == s).count();
    }

    /**
     * Audited hosts that were not fully audited (a property not checked for a reason other than the transport's
     * nature), whatever their status: an unapproved drift outranks {@code incomplete} in the status, not in the count
     * of what was left unaudited. Failed and uncovered hosts are counted as such.
     */
    public long incomplete() {
        return hosts.stream().filter(h -> h.auditedOk() && h.incompletelyAudited()).count();
    }

    public long drifts(boolean approved) {
        return hosts.stream().mapToLong(h -> h.count(approved)).sum();
    }

    public long notChecked() {
        return hosts.stream().mapToLong(h -> h.notChecked().size()).sum();
    }

    /** Puppet-style detailed exit code: bit 2 unapproved drift, bit 4 some host not fully audited. */
    public int exitCode() {
        int code = 0;
        if (drifts(false) > 0) {
            code |= 2;
        }
        if (hosts.stream().anyMatch(HostResult::incompletelyAudited)) {
            code |= 4;
        }
        return code;
    }
}
