package io.driftwarden.audit;

import java.time.Instant;
import java.util.List;

/**
 * What a run audited, before and after the rest of the pipeline annotates it: the facts every step reads (history,
 * the store, the outcome) and the counts every report and exit code derive from them, in one place.
 */
public interface Audited {
    String instance();

    String runId();

    Instant startedAt();

    Instant finishedAt();

    /** The classification instant: the start, or the {@code --at} instant of a preview. */
    Instant evaluatedAt();

    boolean preview();

    StandardInfo standard();

    /** Sorted by host name (UTF-8 byte order). */
    List<HostResult> hosts();

    ApprovalSummary approvals();

    default long count(HostStatus s) {
        return hosts().stream().filter(h -> h.status() == s).count();
    }

    /**
     * Audited hosts that were not fully audited (a property not checked for a reason other than the transport's
     * nature), whatever their status: an unapproved drift outranks {@code incomplete} in the status, not in the count
     * of what was left unaudited. Failed and uncovered hosts are counted as such.
     */
    default long incomplete() {
        return hosts().stream()
                .filter(h -> h.auditedOk() && h.incompletelyAudited())
                .count();
    }

    default long drifts(boolean approved) {
        return hosts().stream().mapToLong(h -> h.count(approved)).sum();
    }

    default long notChecked() {
        return hosts().stream().mapToLong(h -> h.notChecked().size()).sum();
    }

    /** Puppet-style detailed exit code: bit 2 unapproved drift, bit 4 some host not fully audited. */
    default int exitCode() {
        int code = 0;
        if (drifts(false) > 0) {
            code |= 2;
        }
        if (hosts().stream().anyMatch(HostResult::incompletelyAudited)) {
            code |= 4;
        }
        return code;
    }

    /** Hosts in the order every report lists them. */
    static List<HostResult> sorted(List<HostResult> hosts) {
        return hosts.stream()
                .sorted((a, b) -> io.driftwarden.standard.ResourceId.Utf8Order.compare(
                        a.host().name(), b.host().name()))
                .toList();
    }
}
