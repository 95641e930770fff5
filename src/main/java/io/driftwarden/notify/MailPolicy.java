package io.driftwarden.notify;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.ClosedEpisode;
import io.driftwarden.audit.DriftEvent;
import io.driftwarden.audit.DriftKey;
import io.driftwarden.audit.HostStatus;
import io.driftwarden.audit.OpenDrift;
import io.driftwarden.audit.RunHistory;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a run deserves an immediate report mail: {@code every-run}; {@code changes} (a drift appeared, resolved,
 * was reclassified or changed value; a host started failing; the inventory changed); {@code unapproved} (only what
 * ops must act on now: unapproved drift appeared or an approval lapsed into unapproved; a host started failing; the
 * inventory changed: the rest waits for the digest); or {@code never}. Under every policy but {@code every-run}, a
 * flapping drift (reopened within {@code history.flap_window}) is marked and left to the digest, never re-mailed.
 */
public final class MailPolicy {
    private MailPolicy() {}

    public static boolean shouldReport(String policy, AuditResult r, RunHistory.Step step) {
        return switch (policy) {
            case "every-run" -> true;
            case "never" -> false;
            default -> !notable(policy, step).isEmpty() || !r.inventoryChanges().isEmpty() || r.hosts().stream().anyMatch(h ->
                    h.status() == HostStatus.FAILED && step.next().hosts().containsKey(h.host().name())
                            && step.next().hosts().get(h.host().name()).consecutiveFailures() == 1);
        };
    }

    /** The run's events that call for an immediate mail under {@code policy} (flaps never do). */
    public static List<DriftEvent> notable(String policy, RunHistory.Step step) {
        Set<DriftKey> flapping = step.closed().stream().map(ClosedEpisode::episode).filter(OpenDrift::flap)
                .map(OpenDrift::key).collect(Collectors.toCollection(java.util.HashSet::new));
        step.next().open().values().stream().filter(OpenDrift::flap).forEach(o -> flapping.add(o.key()));
        return step.events().stream().filter(e -> !flapping.contains(e.key()))
                .filter(e -> !policy.equals("unapproved") || e.classification().equals("unapproved")
                        && (e.event().equals("appeared") || e.event().equals("reclassified")))
                .toList();
    }
}
