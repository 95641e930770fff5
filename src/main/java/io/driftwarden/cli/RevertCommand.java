package io.driftwarden.cli;

import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.collect.HostTransport;
import io.driftwarden.collect.ssh.SshTransport;
import io.driftwarden.config.Config;
import io.driftwarden.diff.ContentHasher;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.diff.Sensitivity;
import io.driftwarden.inventory.Host;
import io.driftwarden.revert.ApplyScript;
import io.driftwarden.revert.Evidence;
import io.driftwarden.revert.PlanJson;
import io.driftwarden.revert.RevertPlan;
import io.driftwarden.revert.RevertPlanner;
import io.driftwarden.revert.UndoPlanner;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.store.EvidenceStore;
import io.driftwarden.store.Store;
import io.driftwarden.yaml.LoadException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** A revert is bounded by the host timeout; a lock this old belongs to a revert that died. */
    static final Duration LOCK_STALE_AFTER = Duration.ofHours(1);
    static final int EXIT_INCOMPLETE = 4;

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
        TrustedBundle.Admitted admitted = TrustedBundle.open(cfg, config, false, now, store);
        Host h = sshHost(cfg);
        DiffEngine engine = engine(cfg);
        ResourceCheck check = check(cfg, h, id, admitted, engine, now);
        RevertPlanner.Outcome planned = RevertPlanner.plan(check, property, force);
        if (planned instanceof RevertPlanner.Refused r) {
            throw new ResourceCheck.Refused(r.reason());
        }
        RevertPlan plan = ((RevertPlanner.Planned) planned).plan();
        if (!show(out, plan)) {
            return 0;
        }
        // An entry of an exclusive directory is judged by its own path (everything in /etc/sudoers.d is sensitive).
        boolean sensitive = engine.isSensitive(check.resource()) || plan.steps().stream()
                .anyMatch(s -> s.verb() == io.driftwarden.revert.Step.Verb.REMOVE && engine.isSensitivePath(s.operands().get(0)));
        ApplyScript.Keep keep = sensitive ? ApplyScript.Keep.quarantine(enforce.enforce().quarantineDir()) : ApplyScript.Keep.STORE;
        return apply(store, enforce, h, plan, keep, result -> {
            List<String> lines = new ArrayList<>();
            ResourceCheck after = recheck(cfg, h, id, admitted, engine, lines);
            boolean clean = after != null && after.drifts().stream().noneMatch(d -> touched(plan, d));
            List<Integer> done = result.steps().stream().filter(ApplyScript.StepResult::ok).map(ApplyScript.StepResult::index).toList();
            UndoPlanner.Undo u = UndoPlanner.plan(plan, check, done, result.kept(), result.quarantined());
            u.manual().forEach(m -> lines.add("not undoable automatically: " + m));
            byte[] kept = result.kept().values().stream().findFirst().orElse(null);
            return new Applied(lines, clean, done.isEmpty() ? null : PlanJson.write(u.plan()), kept);
        });
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
        RevertPlan plan = PlanJson.read(e.undoPlan(), e.kept(), undo);
        if (!show(out, plan)) {
            return 0;
        }
        return apply(store, enforce, h, plan, ApplyScript.Keep.NONE, result -> {
            List<String> lines = new ArrayList<>();
            try {
                TrustedBundle.Admitted admitted = TrustedBundle.open(cfg, config, false, Instant.now(), store);
                recheck(cfg, h, ResourceId.parse(e.resource()).orElseThrow(), admitted, engine(cfg), lines);
            } catch (LoadException | ResourceCheck.Refused x) {
                lines.add("re-check skipped: " + x.getMessage());
            }
            return new Applied(lines, true, null, null);
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

    /** What an apply produced besides the script's result: re-check lines, whether clean, the undo plan, the kept bytes. */
    private record Applied(List<String> lines, boolean clean, String undoPlan, byte[] kept) {}

    private interface AfterApply {
        Applied after(ApplyScript.Result result);
    }

    /** Prints the plan; true when it is to be applied now. */
    private boolean show(PrintWriter out, RevertPlan plan) {
        out.print(plan.text());
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

    private int apply(Store store, EnforceIdentity enforce, Host h, RevertPlan plan, ApplyScript.Keep keep, AfterApply after) {
        PrintWriter out = out();
        Operator op = Operator.current();
        String holder = op.lockHolder();
        Instant now = Instant.now();
        store.tx(c -> EvidenceStore.lock(c, h.name(), holder, now, LOCK_STALE_AFTER)).ifPresent(other -> {
            throw new ResourceCheck.Refused(h.name() + ": another revert is running on this host (" + other
                    + "): one at a time; nothing was applied");
        });
        try (SshTransport ssh = new SshTransport(enforce.settings())) {
            SshTransport.Exec exec = ssh.exec(h, enforce.command(), ApplyScript.render(plan, keep).getBytes(StandardCharsets.UTF_8));
            String fingerprint = ssh.identityFingerprint();
            ApplyScript.Result result = ApplyScript.parse(new String(exec.out(), StandardCharsets.UTF_8));
            List<String> report = describe(plan, exec, result);
            Applied applied = exec.failed() == null ? after.after(result)
                    : new Applied(List.of("nothing was run on " + h.name()), false, null, null);
            report.addAll(applied.lines());
            String outcome = exec.failed() != null ? "not-run" : !result.completed() ? "failed"
                    : applied.clean() ? "applied" : "applied-still-drifting";
            Evidence e = new Evidence(0, Instant.now(), h.name(), plan.resource(), op.uid(), op.login(),
                    fingerprint == null ? "unknown" : fingerprint, reason, change, plan.sha256(), plan.text(),
                    String.join("\n", report) + "\n", outcome, plan.undoes(), keep == ApplyScript.Keep.NONE ? null : applied.kept(),
                    applied.undoPlan());
            long id = store.tx(c -> EvidenceStore.append(c, e));
            report.forEach(out::println);
            out.println("evidence " + id + " recorded: " + outcome);
            if (applied.undoPlan() != null) {
                out.println("to put it back: driftwarden revert --undo " + id + " --reason TEXT");
            }
            out.flush();
            return outcome.equals("applied") ? 0 : exec.failed() != null ? 1 : EXIT_INCOMPLETE;
        } finally {
            store.tx(c -> {
                EvidenceStore.unlock(c, h.name(), holder);
                return null;
            });
        }
    }

    /** Each step as it ended: done, failed (with the host's message), or not run; or why nothing ran. */
    private static List<String> describe(RevertPlan plan, SshTransport.Exec exec, ApplyScript.Result result) {
        List<String> lines = new ArrayList<>();
        if (exec.failed() != null) {
            lines.add("not applied: " + exec.failed().kind() + ": " + exec.failed().message());
            return lines;
        }
        Map<Integer, ApplyScript.StepResult> byIndex = new java.util.HashMap<>();
        result.steps().forEach(s -> byIndex.put(s.index(), s));
        for (int i = 1; i <= plan.steps().size(); i++) {
            ApplyScript.StepResult s = byIndex.get(i);
            String what = plan.steps().get(i - 1).shown();
            lines.add(s == null ? "  not run: " + i + ". " + what
                    : s.ok() ? "  done:    " + i + ". " + what
                    : "  FAILED:  " + i + ". " + what + ": " + s.message());
        }
        result.quarantined().forEach((i, p) -> lines.add("  the replaced bytes of step " + i + " are quarantined on the host in " + p));
        if (!result.completed()) {
            lines.add(exec.timedOut() ? "the host did not finish within the host timeout: steps after the last 'done' may have run in part"
                    : result.steps().stream().anyMatch(s -> !s.ok()) ? "stopped at the failed step; later steps were not run"
                    : "the connection ended before the script did (exit " + exec.exit() + (exec.err().isBlank() ? ""
                            : ", " + exec.err().strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?")) + ")");
        }
        return lines;
    }

    /** The resource judged again after the apply, through the audit identity: the state it is in now, property by property. */
    private ResourceCheck recheck(Config cfg, Host h, ResourceId id, TrustedBundle.Admitted admitted, DiffEngine engine, List<String> lines) {
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

    private static boolean touched(RevertPlan plan, ClassifiedDrift d) {
        return plan.properties().stream().anyMatch(p -> p.name().equals(d.drift().property()));
    }

    private ResourceCheck check(Config cfg, Host h, ResourceId id, TrustedBundle.Admitted admitted, DiffEngine engine, Instant now) {
        try (Transports t = new Transports(cfg, List.of(h))) {
            HostTransport audit = t.map().get(h.transport());
            return ResourceCheck.run(h, id, admitted.bundle().standards(), admitted.records(), engine, audit, now);
        }
    }

    private Host sshHost(Config cfg) {
        Host h = Inventories.host(cfg, host);
        if (!h.transport().canApply()) {
            throw new ResourceCheck.Refused(host + ": revert writes over ssh only; this host's transport is "
                    + h.transport().name().toLowerCase(java.util.Locale.ROOT));
        }
        return h;
    }

    private static DiffEngine engine(Config cfg) {
        return new DiffEngine(new Sensitivity(cfg.reports().sensitivePaths()), new ContentHasher(HmacKey.load(cfg.hmacKeyFile())));
    }
}
