package io.driftwarden.remedy;

import io.driftwarden.admission.Admitted;
import io.driftwarden.admission.BundleAdmission;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.config.Config;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.inventory.Host;
import io.driftwarden.revert.ApplyScript;
import io.driftwarden.revert.PreparedUndo;
import io.driftwarden.revert.RevertPlan;
import io.driftwarden.revert.RevertPlanner;
import io.driftwarden.revert.Step;
import io.driftwarden.revert.UndoPlanner;
import io.driftwarden.run.ComparisonRules;
import io.driftwarden.run.HostTransports;
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
 * {@code revert}: put one resource of one host back to the standard (section 9). The resource is judged live, the
 * plan made, and its undo decided before anything changes (what the undo needs of the host is stat'ed first: a
 * revert that could not be undone is not applied); then the plan is shown, and applied with its evidence only when
 * asked ({@link EnforcedAttempt}). It prints as it goes, so the plan is on the operator's screen before the host changes.
 */
public final class Revert {
    private Revert() {}

    public static Outcome run(
            Config cfg,
            Path configFile,
            Supplier<RemedyStorage> open,
            RevertRequest request,
            PrintWriter out,
            PrintWriter err) {
        return EnforcedAttempt.run(cfg, configFile, open, request, out, err, Revert::revert);
    }

    private static Outcome revert(EnforcedAttempt a) {
        RevertRequest r = a.request();
        Config cfg = a.cfg;
        Instant now = Instant.now();
        ResourceId id = ResourceId.parse(r.resource())
                .orElseThrow(
                        () -> new LoadException("--resource: not a resource identity (type:name): " + r.resource()));
        Admitted admitted =
                BundleAdmission.open(cfg, a.configFile, false, now, a.storage.revisions(), Inventories.load(cfg));
        Host h = LiveResource.sshHost(cfg, r.host());
        DiffEngine engine = ComparisonRules.engine(cfg);
        ResourceCheck check = LiveResource.check(cfg, h, id, admitted, engine, now);
        RevertPlanner.Outcome planned = RevertPlanner.plan(check, r.property(), r.force());
        if (planned instanceof RevertPlanner.Refused refused) {
            throw new ResourceCheck.Refused(refused.reason());
        }
        RevertPlan plan = ((RevertPlanner.Planned) planned).plan();
        // the undo is decided before anything changes: what it needs to know of the host is stat'ed now
        ResourceCheck before = statTouched(cfg, h, check, plan);
        UndoPlanner.Outcome undoable = UndoPlanner.prepare(plan, before);
        if (undoable instanceof UndoPlanner.Refused refused) {
            PrintWriter out = a.out();
            out.print(plan.text());
            out.flush();
            throw new ResourceCheck.Refused(
                    h.name() + ": " + plan.resource() + ": " + refused.reason() + ": nothing was applied");
        }
        PreparedUndo undo = ((UndoPlanner.Prepared) undoable).undo();
        if (!a.show(plan, undo.manual())) {
            return Outcome.shown();
        }
        // An entry of an exclusive directory is judged by its own path (everything in /etc/sudoers.d is sensitive).
        boolean sensitive = engine.isSensitive(check.resource())
                || plan.steps().stream()
                        .anyMatch(s -> s.verb() == Step.Verb.REMOVE
                                && engine.isSensitivePath(s.operands().get(0)));
        ApplyScript.Keep keep =
                sensitive ? ApplyScript.Keep.quarantine(a.enforce().enforce().quarantineDir()) : ApplyScript.Keep.STORE;
        return a.applier().run(h, plan, keep, undo, () -> {
            List<String> lines = new ArrayList<>();
            ResourceCheck after = LiveResource.recheck(cfg, h, id, admitted, engine, lines);
            return new EvidencedApply.Recheck(
                    lines, after != null && after.drifts().stream().noneMatch(d -> touched(plan, d)));
        });
    }

    /** The check completed with a stat of the paths the plan changes that it did not observe: the undo recreates them. */
    private static ResourceCheck statTouched(Config cfg, Host h, ResourceCheck check, RevertPlan plan) {
        try (HostTransports t = new HostTransports(cfg, List.of(h))) {
            return check.withStat(t.map().get(h.transport()), UndoPlanner.unobserved(plan, check.observation()));
        } catch (ResourceCheck.Refused e) {
            throw new ResourceCheck.Refused(
                    e.getMessage() + ": without it the revert could not be undone; nothing was applied");
        }
    }

    /** Whether the plan put back this drift; an exclusive directory's entries are told apart by name. */
    private static boolean touched(RevertPlan plan, ClassifiedDrift d) {
        String entry = d.drift().property().equals("unmanaged-entry")
                ? String.valueOf(d.drift().shownActual())
                : null;
        return plan.properties().stream()
                .anyMatch(p -> p.name().equals(d.drift().property()) && (entry == null || entry.equals(p.live())));
    }
}
