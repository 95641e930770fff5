package io.driftwarden.notify;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.audit.RunHistory;

/**
 * Whether a run deserves a report mail: {@code every-run}; {@code changes} (a drift appeared, resolved, was
 * reclassified or changed value; a host started failing; the inventory changed); or {@code never}.
 */
public final class MailPolicy {
    private MailPolicy() {}

    public static boolean shouldReport(String policy, AuditResult r, RunHistory.Step step) {
        return switch (policy) {
            case "every-run" -> true;
            case "never" -> false;
            default -> !step.events().isEmpty() || !r.inventoryChanges().isEmpty() || r.hosts().stream().anyMatch(h ->
                    h.status() == HostStatus.FAILED && step.next().hosts().containsKey(h.host().name())
                            && step.next().hosts().get(h.host().name()).consecutiveFailures() == 1);
        };
    }
}
