package io.driftwarden.notify;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.DriftEvent;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.config.MailPolicyName;
import io.driftwarden.history.RunHistory;
import java.util.List;

/**
 * Whether a run deserves an immediate report mail: {@code every-run}; {@code changes} (a drift appeared, resolved,
 * was reclassified or changed value; a host started failing; the inventory changed); {@code unapproved} (only what
 * ops must act on now: unapproved drift appeared, again too, or an approval lapsed into unapproved; a host started
 * failing; the inventory changed: the rest waits for the digest); or {@code never}. A flap (a drift reopened within
 * {@code history.flap_window}: a reverted hotfix re-applied) is news, never muted: {@code history.resolve_after} is
 * the knob that keeps a drift that comes and goes in one quiet episode.
 */
public final class MailPolicy {
    private MailPolicy() {}

    public static boolean shouldReport(MailPolicyName policy, AuditResult r, RunHistory.Step step) {
        return switch (policy) {
            case EVERY_RUN -> true;
            case NEVER -> false;
            case CHANGES, UNAPPROVED ->
                !notable(policy, step).isEmpty()
                        || !r.inventoryChanges().isEmpty()
                        || r.hosts().stream()
                                .anyMatch(h -> h.status() == HostStatus.FAILED
                                        && step.next()
                                                .hosts()
                                                .containsKey(h.host().name())
                                        && step.next()
                                                        .hosts()
                                                        .get(h.host().name())
                                                        .consecutiveFailures()
                                                == 1);
        };
    }

    /** The run's events that call for an immediate mail under {@code policy}. */
    public static List<DriftEvent> notable(MailPolicyName policy, RunHistory.Step step) {
        return step.events().stream()
                .filter(e -> policy != MailPolicyName.UNAPPROVED
                        || e.classification().equals("unapproved")
                                && (e.event() == DriftEvent.Kind.APPEARED || e.event() == DriftEvent.Kind.RECLASSIFIED))
                .toList();
    }
}
