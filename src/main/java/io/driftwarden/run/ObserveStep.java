package io.driftwarden.run;

import io.driftwarden.admission.Admitted;
import io.driftwarden.audit.AuditRun;
import io.driftwarden.audit.Findings;
import io.driftwarden.config.Config;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.inventory.InventoryChange;
import io.driftwarden.inventory.InventoryDiff;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * Observe and judge: every host of the subset through its transport, in parallel and bounded ({@link AuditRun}), and
 * the inventory's changes since the snapshot the store keeps (the snapshot itself is written with the run).
 */
final class ObserveStep {
    /** What the hosts showed, and how the inventory changed since the previous recorded run. */
    record Observed(Findings findings, List<InventoryChange> inventoryChanges) {}

    private ObserveStep() {}

    static Observed run(
            Config cfg,
            Admitted admitted,
            Inventory inventory,
            Predicate<String> subset,
            Instant at,
            Clock clock,
            Duration runDeadline,
            RunJournal journal) {
        try (HostTransports transports = new HostTransports(
                cfg,
                inventory.hosts().stream().filter(h -> subset.test(h.name())).toList())) {
            AuditRun.Inputs inputs = inputs(cfg, admitted, inventory, transports, runDeadline);
            Findings found = new AuditRun(inputs, clock).run(subset, at, runId(clock.instant()));
            var now = InventoryDiff.snapshot(inventory);
            List<InventoryChange> changes = journal.inventorySnapshot()
                    .map(before -> InventoryDiff.between(before, now))
                    .orElse(List.of());
            return new Observed(found, changes);
        }
    }

    /** What judging the inventory's hosts takes: the admitted standard and records, the transports, the bounds. */
    static AuditRun.Inputs inputs(
            Config cfg, Admitted admitted, Inventory inventory, HostTransports transports, Duration runDeadline) {
        return new AuditRun.Inputs(
                cfg.instance(),
                admitted.bundle().standards(),
                admitted.records(),
                inventory.hosts(),
                transports == null ? java.util.Map.of() : transports.map(),
                ComparisonRules.engine(cfg),
                admitted.info(),
                admitted.approvals(),
                cfg.approvals().expiringWithin(),
                cfg.ssh().concurrency(),
                cfg.ssh().hostTimeout(),
                runDeadline);
    }

    /** {@code 20261123T140000Z-7f3a}: the start to the second, and a random suffix for two runs in one second. */
    static String runId(Instant now) {
        byte[] r = new byte[2];
        new SecureRandom().nextBytes(r);
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(now) + "-" + HexFormat.of().formatHex(r);
    }
}
