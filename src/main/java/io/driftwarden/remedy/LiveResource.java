package io.driftwarden.remedy;

import io.driftwarden.admission.Admitted;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.collect.HostTransport;
import io.driftwarden.config.Config;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.inventory.Host;
import io.driftwarden.run.HostTransports;
import io.driftwarden.run.Inventories;
import io.driftwarden.standard.ResourceId;
import java.time.Instant;
import java.util.List;

/**
 * One resource of one host judged live through the audit identity, as a revert or an undo needs it: before the
 * plan, and again after the apply, when what it finds is reported line by line for the evidence.
 */
final class LiveResource {
    private LiveResource() {}

    /** The {@code --host} to write to: only an ssh host can be reverted. */
    static Host sshHost(Config cfg, String host) {
        Host h = Inventories.host(cfg, host);
        if (!h.transport().canApply()) {
            throw new ResourceCheck.Refused(host + ": revert writes over ssh only; this host's transport is "
                    + h.transport().label());
        }
        return h;
    }

    static ResourceCheck check(Config cfg, Host h, ResourceId id, Admitted admitted, DiffEngine engine, Instant now) {
        try (HostTransports t = new HostTransports(cfg, List.of(h))) {
            HostTransport audit = t.map().get(h.transport());
            return ResourceCheck.run(h, id, admitted.bundle().standards(), admitted.records(), engine, audit, now);
        }
    }

    /** The resource judged again after the apply, through the audit identity: the state it is in now, property by property. */
    static ResourceCheck recheck(
            Config cfg, Host h, ResourceId id, Admitted admitted, DiffEngine engine, List<String> lines) {
        try {
            ResourceCheck after = check(cfg, h, id, admitted, engine, Instant.now());
            if (after.drifts().isEmpty() && after.notChecked().isEmpty()) {
                lines.add("re-audit: " + id + " on " + h.name() + " is compliant");
            }
            for (ClassifiedDrift d : after.drifts()) {
                lines.add("re-audit: " + id + " " + d.drift().property() + " drifts: the host has "
                        + d.drift().shownActual() + ", the standard wants "
                        + d.drift().shownExpected());
            }
            after.notChecked()
                    .forEach(n -> lines.add("re-audit: " + id + " " + n.property() + " not checked (" + n.why() + ")"));
            return after;
        } catch (ResourceCheck.Refused e) {
            lines.add("re-audit failed: " + e.getMessage() + ": the resource's state is unknown; audit the host");
            return null;
        }
    }
}
