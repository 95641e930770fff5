package io.driftwarden.remedy;

import io.driftwarden.admission.Admitted;
import io.driftwarden.admission.BundleAdmission;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.config.Config;
import io.driftwarden.inventory.Host;
import io.driftwarden.revert.ApplyScript;
import io.driftwarden.revert.Evidence;
import io.driftwarden.revert.PlanJson;
import io.driftwarden.revert.RevertPlan;
import io.driftwarden.run.ComparisonRules;
import io.driftwarden.run.Inventories;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.yaml.LoadException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code revert --undo ID}: put back what one revert changed, by the undo plan its evidence holds (decided before
 * that revert ran, with the bytes it kept). Only a revert that changed something, once, and never an undo: a revert
 * undoes an undo. The host and resource come from the evidence; the re-check after is reported, never judged.
 */
public final class Undo {
    private Undo() {}

    public static Outcome run(
            Config cfg,
            Path configFile,
            Supplier<RemedyStorage> open,
            RevertRequest request,
            PrintWriter out,
            PrintWriter err) {
        return EnforcedAttempt.run(cfg, configFile, open, request, out, err, Undo::undo);
    }

    private static Outcome undo(EnforcedAttempt a) {
        RevertRequest r = a.request();
        long undo = r.undo();
        Evidence e = a.storage
                .evidence()
                .byId(undo)
                .orElseThrow(() -> new ResourceCheck.Refused("--undo: no revert evidence " + undo + " in the store"));
        if (e.undoes() != null) {
            throw new ResourceCheck.Refused(
                    "--undo: evidence " + undo + " is itself an undo (of " + e.undoes() + "); revert again instead");
        }
        if (e.undoPlan() == null) {
            throw new ResourceCheck.Refused("--undo: revert " + undo + " changed nothing on " + e.host() + " ("
                    + e.outcome() + "): nothing to undo");
        }
        a.storage.evidence().undoneBy(undo).ifPresent(by -> {
            throw new ResourceCheck.Refused("--undo: revert " + undo + " was already undone by evidence " + by);
        });
        if (r.host() != null && !r.host().equals(e.host())
                || r.resource() != null && !r.resource().equals(e.resource())) {
            throw new ResourceCheck.Refused("--undo: revert " + undo + " was of " + e.resource() + " on " + e.host());
        }
        a.resolved(r.undoing(e.host()));
        Config cfg = a.cfg;
        Host h = LiveResource.sshHost(cfg, e.host());
        RevertPlan plan;
        try {
            plan = PlanJson.read(e.undoPlan(), e.kept(), undo);
        } catch (IllegalArgumentException x) {
            throw new ResourceCheck.Refused(
                    "--undo: evidence " + undo + ": " + x.getMessage() + ": nothing was applied");
        }
        if (!a.show(plan, List.of())) {
            return Outcome.shown();
        }
        return a.applier().run(h, plan, ApplyScript.Keep.NONE, null, () -> {
            List<String> lines = new ArrayList<>();
            try {
                Admitted admitted = BundleAdmission.open(
                        cfg, a.configFile, false, Instant.now(), a.storage.revisions(), Inventories.load(cfg));
                LiveResource.recheck(
                        cfg,
                        h,
                        ResourceId.parse(e.resource()).orElseThrow(),
                        admitted,
                        ComparisonRules.engine(cfg),
                        lines);
            } catch (LoadException | ResourceCheck.Refused x) {
                lines.add("re-check skipped: " + x.getMessage());
            }
            return new EvidencedApply.Recheck(lines, true);
        });
    }
}
