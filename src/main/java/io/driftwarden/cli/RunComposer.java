package io.driftwarden.cli;

import io.driftwarden.audit.AuditResult;
import io.driftwarden.audit.AuditRun;
import io.driftwarden.config.Config;
import io.driftwarden.diff.ContentHasher;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.inventory.Inventory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.function.Predicate;

/** Builds and runs one audit from an admitted bundle and an inventory: the one way both `audit` and the daemon run. */
final class RunComposer {
    private RunComposer() {}

    static AuditResult run(Config cfg, TrustedBundle.Admitted admitted, Inventory inventory, Predicate<String> subset,
                           Instant at, Clock clock, Duration runDeadline, io.driftwarden.store.Store store) {
        DiffEngine engine = engine(cfg);
        try (Transports transports = new Transports(cfg, inventory.hosts().stream().filter(h -> subset.test(h.name())).toList())) {
            AuditRun.Inputs inputs = new AuditRun.Inputs(cfg.instance(), admitted.bundle().standards(), admitted.records(),
                    inventory.hosts(), transports.map(), engine, admitted.info(), admitted.unauthorised(),
                    cfg.approvals().expiringWithin(), cfg.ssh().concurrency(), cfg.ssh().hostTimeout(), runDeadline);
            AuditResult result = new AuditRun(inputs, clock).run(subset, at, runId(clock.instant()));
            var now = io.driftwarden.inventory.InventoryDiff.snapshot(inventory);
            var changes = store.tx(io.driftwarden.store.InventoryStore::read)
                    .map(before -> io.driftwarden.inventory.InventoryDiff.between(before, now)).orElse(java.util.List.of());
            return result.withInventoryChanges(changes);   // the snapshot itself is written with the run (RunRecorder)
        }
    }

    /** The comparison rules of this config: which paths are sensitive, and the key their content is hashed with. */
    static DiffEngine engine(Config cfg) {
        return new DiffEngine(new io.driftwarden.diff.Sensitivity(cfg.reports().sensitivePaths()),
                new ContentHasher(HmacKey.load(cfg.hmacKeyFile())));
    }

    static String runId(Instant now) {
        byte[] r = new byte[2];
        new java.security.SecureRandom().nextBytes(r);
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now) + "-"
                + HexFormat.of().formatHex(r);
    }
}
