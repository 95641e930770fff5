package io.driftwarden.cli;

import io.driftwarden.run.ComparisonRules;
import io.driftwarden.run.HostTransports;
import io.driftwarden.run.Inventories;
import io.driftwarden.admission.Admitted;
import io.driftwarden.admission.BundleAdmission;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.collect.HostTransport;
import io.driftwarden.config.Config;
import io.driftwarden.diff.ContentHasher;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.diff.Sensitivity;
import io.driftwarden.inventory.Host;
import io.driftwarden.revert.ApplyScript;
import io.driftwarden.revert.Evidence;
import io.driftwarden.revert.PlanJson;
import io.driftwarden.revert.PreparedUndo;
import io.driftwarden.revert.RevertPlan;
import io.driftwarden.revert.RevertPlanner;
import io.driftwarden.revert.UndoPlanner;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.store.EvidenceStore;
import io.driftwarden.store.Store;
import io.driftwarden.yaml.LoadException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code revert}: put one resource of one host back to the standard, through the operator's enforce identity
 * (section 9). Judges the resource live, prints the exact plan and its sha256, and changes the host only with
 * {@code --yes} (and only that plan with {@code --plan-sha256}); one revert per host at a time; the host is
 * re-checked after, and every attempt is recorded in the hash-chained evidence. {@code --undo ID} puts a revert back.
 */
@Command(name = "revert", description = "Put one resource back to the signed standard through the enforce identity (section 9).")
final class RevertCommand extends StandardCommand.Base {
    /** Set in the daemon's environment (systemd unit, container image) and by the daemon process itself. */
    static final String DAEMON_MARK = "DRIFTWARDEN_DAEMON";

    @Option(names = "--host", description = "inventory host")
    String host;

    @Option(names = "--resource", description = "resource identity, e.g. file:/etc/ssh/sshd_config")
    String resource;

    @Option(names = "--property", description = "only this property (default: every drifting one)")
    String property;

    @Option(names = "--reason", description = "why, for the evidence (required)")
    String reason;

    @Option(names = "--change", description = "the change or incident id, for the evidence")
    String change;

    @Option(names = "--force", description = "revert drift that a change record approves")
    boolean force;

    @Option(names = "--yes", description = "apply the plan (without it, only print it)")
    boolean yes;

    @Option(names = "--plan-sha256", description = "apply only if the plan still has this sha256")
    String planSha;

    @Option(names = "--undo", paramLabel = "EVIDENCE_ID", description = "put back what revert EVIDENCE_ID changed")
    Long undo;

    @Option(names = "--evidence", description = "list the revert evidence and verify its hash chain (changes nothing)")
    boolean evidence;

    @Override
    int run(Config cfg) {
        if (evidence) {
            return listEvidence(cfg);
        }
        if (System.getProperty("driftwarden.daemon") != null || System.getenv(DAEMON_MARK) != null) {
            throw new LoadException("revert: refused in the daemon's context (" + DAEMON_MARK + " is set): the daemon never"
                    + " loads the enforce identity; run revert from an operator's shell");
        }
        if (undo == null && (host == null || resource == null)) {
            throw new LoadException("usage: revert needs --host and --resource (or --undo EVIDENCE_ID)");
        }
        if (undo == null && (reason == null || reason.isBlank())) {
            throw new LoadException("usage: revert needs --reason TEXT: it goes into the evidence");
        }
        try (Store store = Store.open(cfg.store().url())) {
            try {
                EnforceIdentity enforce = EnforceIdentity.load(cfg, config);
                return undo != null ? undo(cfg, store, enforce) : revert(cfg, store, enforce, Instant.now());
            } catch (LoadException | ResourceCheck.Refused e) {
                if (yes) {   // an attempt to change a host that was refused: the chain says who tried what, and why not
                    String why = e instanceof LoadException l ? String.join("; ", l.problems()) : e.getMessage();
                    refused(store, why);
                }
                throw e;
            }
        }
    }

    private void refused(Store store, String why) {
        String what = resource != null ? resource : undo != null ? "undo of evidence " + undo : "-";
        Operator op = Operator.current();
        Evidence e = new Evidence(0, Instant.now(), host == null ? "-" : host, what, op.uid(), op.login(), "none",
                reason == null ? "-" : reason, change, "-", "", "refused: " + why + "\n", "refused", undo, null, null);
        store.tx(c -> EvidenceStore.append(c, e));
    }

    private int revert(Config cfg, Store store, EnforceIdentity enforce, Instant now) {
        PrintWriter out = out();
        ResourceId id = ResourceId.parse(resource)
                .orElseThrow(() -> new LoadException("--resource: not a resource identity (type:name): " + resource));
        Admitted admitted = BundleAdmission.open(cfg, config, false, now, store);
        Host h = sshHost(cfg);
        DiffEngine engine = engine(cfg);
        ResourceCheck check = check(cfg, h, id, admitted, engine, now);
        RevertPlanner.Outcome planned = RevertPlanner.plan(check, property, force);
        if (planned instanceof RevertPlanner.Refused r) {
            throw new ResourceCheck.Refused(r.reason());
        }
        RevertPlan plan = ((RevertPlanner.Planned) planned).plan();
        // the undo is decided before anything changes: what it needs to know of the host is stat'ed now
        ResourceCheck before = statTouched(cfg, h, check, plan);
        UndoPlanner.Outcome undoable = UndoPlanner.prepare(plan, before);
        if (undoable instanceof UndoPlanner.Refused r) {
            out.print(plan.text());
            out.flush();
            throw new ResourceCheck.Refused(h.name() + ": " + plan.resource() + ": " + r.reason() + ": nothing was applied");
        }
        PreparedUndo undo = ((UndoPlanner.Prepared) undoable).undo();
        if (!show(out, plan, undo.manual())) {
            return 0;
        }
        // An entry of an exclusive directory is judged by its own path (everything in /etc/sudoers.d is sensitive).
        boolean sensitive = engine.isSensitive(check.resource()) || plan.steps().stream()
                .anyMatch(s -> s.verb() == io.driftwarden.revert.Step.Verb.REMOVE && engine.isSensitivePath(s.operands().get(0)));
        ApplyScript.Keep keep = sensitive ? ApplyScript.Keep.quarantine(enforce.enforce().quarantineDir()) : ApplyScript.Keep.STORE;
        return applier(store, enforce).run(h, plan, keep, undo, () -> {
            List<String> lines = new ArrayList<>();
            ResourceCheck after = recheck(cfg, h, id, admitted, engine, lines);
            return new EvidencedApply.Recheck(lines, after != null && after.drifts().stream().noneMatch(d -> touched(plan, d)));
        });
    }

    /** The check completed with a stat of the paths the plan changes that it did not observe: the undo recreates them. */
    private ResourceCheck statTouched(Config cfg, Host h, ResourceCheck check, RevertPlan plan) {
        try (HostTransports t = new HostTransports(cfg, List.of(h))) {
            return check.withStat(t.map().get(h.transport()), UndoPlanner.unobserved(plan, check.observation()));
        } catch (ResourceCheck.Refused e) {
            throw new ResourceCheck.Refused(e.getMessage() + ": without it the revert could not be undone; nothing was applied");
        }
    }

    private EvidencedApply applier(Store store, EnforceIdentity enforce) {
        return new EvidencedApply(store, enforce, reason, change, out(), spec.commandLine().getErr());
    }

    private int undo(Config cfg, Store store, EnforceIdentity enforce) {
        PrintWriter out = out();
        Evidence e = store.tx(c -> EvidenceStore.byId(c, undo))
                .orElseThrow(() -> new ResourceCheck.Refused("--undo: no revert evidence " + undo + " in the store"));
        if (e.undoes() != null) {
            throw new ResourceCheck.Refused("--undo: evidence " + undo + " is itself an undo (of " + e.undoes() + "); revert again instead");
        }
        if (e.undoPlan() == null) {
            throw new ResourceCheck.Refused("--undo: revert " + undo + " changed nothing on " + e.host() + " (" + e.outcome() + "): nothing to undo");
        }
        store.tx(c -> EvidenceStore.undoneBy(c, undo)).ifPresent(by -> {
            throw new ResourceCheck.Refused("--undo: revert " + undo + " was already undone by evidence " + by);
        });
        if (host != null && !host.equals(e.host()) || resource != null && !resource.equals(e.resource())) {
            throw new ResourceCheck.Refused("--undo: revert " + undo + " was of " + e.resource() + " on " + e.host());
        }
        host = e.host();
        if (reason == null || reason.isBlank()) {
            reason = "undo of revert " + undo;
        }
        Host h = sshHost(cfg);
        RevertPlan plan;
        try {
            plan = PlanJson.read(e.undoPlan(), e.kept(), undo);
        } catch (IllegalArgumentException x) {
            throw new ResourceCheck.Refused("--undo: evidence " + undo + ": " + x.getMessage() + ": nothing was applied");
        }
        if (!show(out, plan, List.of())) {
            return 0;
        }
        return applier(store, enforce).run(h, plan, ApplyScript.Keep.NONE, null, () -> {
            List<String> lines = new ArrayList<>();
            try {
                Admitted admitted = BundleAdmission.open(cfg, config, false, Instant.now(), store);
                recheck(cfg, h, ResourceId.parse(e.resource()).orElseThrow(), admitted, engine(cfg), lines);
            } catch (LoadException | ResourceCheck.Refused x) {
                lines.add("re-check skipped: " + x.getMessage());
            }
            return new EvidencedApply.Recheck(lines, true);
        });
    }

    private int listEvidence(Config cfg) {
        PrintWriter out = out();
        try (Store store = Store.open(cfg.store().url())) {
            List<Evidence> all = store.tx(c -> EvidenceStore.since(c, Instant.EPOCH));
            for (Evidence e : all) {
                out.println(e.id() + "  " + e.at() + "  " + e.host() + "  " + e.resource() + "  " + e.outcome()
                        + (e.undoes() == null ? "" : " (undo of " + e.undoes() + ")") + "  by " + e.operatorLogin()
                        + " (uid " + e.operatorUid() + ", key " + e.keyFingerprint() + ")"
                        + (e.changeId() == null ? "" : "  change " + e.changeId()) + "  reason: " + e.reason());
            }
            var broken = store.tx(EvidenceStore::verify);
            out.println(all.size() + " records, " + broken.map(b -> "the chain is BROKEN: " + b).orElse("the chain is intact"));
            out.flush();
            return broken.isPresent() ? 1 : 0;
        }
    }

    /** Prints the plan and the steps its undo will leave to the operator; true when it is to be applied now. */
    private boolean show(PrintWriter out, RevertPlan plan, List<String> manual) {
        out.print(plan.text());
        manual.forEach(m -> out.println("not undoable automatically: " + m));
        out.println("plan sha256: " + plan.sha256());
        if (!yes) {
            out.println("nothing was changed. To apply exactly this plan, run the same command with --yes --plan-sha256 " + plan.sha256());
            out.flush();
            return false;
        }
        if (planSha != null && !planSha.equalsIgnoreCase(plan.sha256())) {
            throw new ResourceCheck.Refused(plan.host() + ": the plan changed since it was reviewed (its sha256 is now "
                    + plan.sha256() + ", not " + planSha + "): nothing was applied; review the plan above");
        }
        return true;
    }

    /** The resource judged again after the apply, through the audit identity: the state it is in now, property by property. */
    private ResourceCheck recheck(Config cfg, Host h, ResourceId id, Admitted admitted, DiffEngine engine, List<String> lines) {
        try {
            ResourceCheck after = check(cfg, h, id, admitted, engine, Instant.now());
            if (after.drifts().isEmpty() && after.notChecked().isEmpty()) {
                lines.add("re-audit: " + id + " on " + h.name() + " is compliant");
            }
            for (ClassifiedDrift d : after.drifts()) {
                lines.add("re-audit: " + id + " " + d.drift().property() + " drifts: the host has " + d.drift().shownActual()
                        + ", the standard wants " + d.drift().shownExpected());
            }
            after.notChecked().forEach(n -> lines.add("re-audit: " + id + " " + n.property() + " not checked (" + n.why() + ")"));
            return after;
        } catch (ResourceCheck.Refused e) {
            lines.add("re-audit failed: " + e.getMessage() + ": the resource's state is unknown; audit the host");
            return null;
        }
    }

    /** Whether the plan put back this drift; an exclusive directory's entries are told apart by name. */
    private static boolean touched(RevertPlan plan, ClassifiedDrift d) {
        String entry = d.drift().property().equals("unmanaged-entry") ? String.valueOf(d.drift().shownActual()) : null;
        return plan.properties().stream().anyMatch(p -> p.name().equals(d.drift().property()) && (entry == null || entry.equals(p.live())));
    }

    private ResourceCheck check(Config cfg, Host h, ResourceId id, Admitted admitted, DiffEngine engine, Instant now) {
        try (HostTransports t = new HostTransports(cfg, List.of(h))) {
            HostTransport audit = t.map().get(h.transport());
            return ResourceCheck.run(h, id, admitted.bundle().standards(), admitted.records(), engine, audit, now);
        }
    }

    private Host sshHost(Config cfg) {
        Host h = Inventories.host(cfg, host);
        if (!h.transport().canApply()) {
            throw new ResourceCheck.Refused(host + ": revert writes over ssh only; this host's transport is "
                    + h.transport().label());
        }
        return h;
    }

    private static DiffEngine engine(Config cfg) {
        return ComparisonRules.engine(cfg);
    }
}
