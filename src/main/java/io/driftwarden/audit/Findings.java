package io.driftwarden.audit;

import java.time.Instant;
import java.util.List;

/**
 * What observing and judging the hosts found ({@link AuditRun}), before history, the store and the possible actors
 * add what they know: the input of the run's later steps, and of {@link AuditResult#assemble}.
 */
public record Findings(
        String instance,
        String runId,
        Instant startedAt,
        Instant finishedAt,
        Instant evaluatedAt,
        boolean preview,
        StandardInfo standard,
        List<HostResult> hosts,
        ApprovalSummary approvals)
        implements Audited {
    public Findings {
        hosts = Audited.sorted(hosts);
    }
}
