package io.driftwarden.audit;

import java.util.List;

/** The report's {@code approvals} block: record ids by state and by flag, each list sorted. */
public record ApprovalSummary(List<String> active, List<String> expired, List<String> notYetValid, List<String> expiring,
                              List<String> openEnded, List<String> inUse, List<String> unused, List<String> stale,
                              List<String> overdue, List<String> unauthorised) {}
