package io.driftwarden.remedy;

import io.driftwarden.admission.Admitted;
import io.driftwarden.admission.BundleAdmission;
import io.driftwarden.adopt.FoldIn;
import io.driftwarden.adopt.HostScopedFoldIn;
import io.driftwarden.audit.ClassifiedDrift;
import io.driftwarden.audit.ResourceCheck;
import io.driftwarden.bundle.Bundle;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.bundle.BundleLoader;
import io.driftwarden.config.Config;
import io.driftwarden.diff.DiffEngine;
import io.driftwarden.diff.HostDiff;
import io.driftwarden.impact.ImpactReport;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.run.ComparisonRules;
import io.driftwarden.run.HostTransports;
import io.driftwarden.run.Inventories;
import io.driftwarden.standard.HostPlan;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Standard;
import io.driftwarden.yaml.LoadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code adopt}: fold a hotfix into the standard (section 9) rather than revert it. Judges the resource live, then
 * prints the bundle patch that makes the standard demand the live values (checked on that very observation), a
 * fold-in change-record draft, and what the patched bundle would do to every host. Changes nothing: not the host,
 * not the bundle; it writes only the copies of the patch and the draft it is asked for.
 */
public final class Adopt {
    private Adopt() {}

    /**
     * The host with the hotfix, its resource, where to also write the patch and the draft (null: nowhere), and
     * whether to edit the shared standards' lines (every host they select) rather than scope the change to the host.
     */
    public record Request(String host, String resource, Path patchOut, Path recordOut, boolean shared) {
        public Request(String host, String resource, Path patchOut, Path recordOut) {
            this(host, resource, patchOut, recordOut, false);
        }
    }

    /** 0 with the patch and the draft; 1 when nothing could be folded in (then both are null). */
    public record Result(int exit, String patch, String recordDraft) {}

    public static Result run(Config cfg, Path configFile, Supplier<RemedyStorage> open, Request req, PrintWriter out) {
        ResourceId id = ResourceId.parse(req.resource())
                .orElseThrow(
                        () -> new LoadException("--resource: not a resource identity (type:name): " + req.resource()));
        Instant now = Instant.now();
        try (RemedyStorage storage = open.get()) {
            Admitted admitted =
                    BundleAdmission.open(cfg, configFile, false, now, storage.revisions(), Inventories.load(cfg));
            Host h = Inventories.host(cfg, req.host());
            DiffEngine engine = ComparisonRules.engine(cfg);
            ResourceCheck check;
            try (HostTransports t = new HostTransports(cfg, List.of(h))) {
                check = ResourceCheck.run(
                        h,
                        id,
                        admitted.bundle().standards(),
                        admitted.records(),
                        engine,
                        t.map().get(h.transport()),
                        now);
            }
            if (check.drifts().isEmpty()) {
                throw new ResourceCheck.Refused(req.host() + ": " + id + " is compliant: nothing to adopt"
                        + (check.notChecked().isEmpty()
                                ? ""
                                : " (not checked: " + check.notChecked().get(0).why() + ")"));
            }
            Map<String, byte[]> bytes = bundleBytes(admitted.files());
            Resource r = check.resource();
            List<Standard> standards = admitted.bundle().standards();
            Inventory inventory = Inventories.load(cfg);
            List<String> shared = req.shared()
                    ? List.of()
                    : HostScopedFoldIn.sharedDeclarers(
                            standards,
                            check,
                            h.name(),
                            s -> inventory.hosts().stream()
                                    .anyMatch(o -> !o.name().equals(h.name())
                                            && s.appliesTo().matches(o.name(), o.groups())));
            FoldIn.Plan plan = shared.isEmpty()
                    ? FoldIn.plan(bytes, standards, check, engine.isSensitive(r))
                    : HostScopedFoldIn.plan(bytes, standards, check, engine.isSensitive(r), h.name(), shared);
            List<String> notes = new ArrayList<>(plan.notes());
            String patch = FoldIn.patch(bytes, plan, notes);
            out.println("adopt " + id + " on " + req.host() + ", judged live at " + now + ":");
            for (ClassifiedDrift d : check.drifts()) {
                out.println("  " + d.drift().property() + ": the standard wants "
                        + d.drift().shownExpected() + " (" + d.drift().declaredAt() + "), the host has "
                        + d.drift().shownActual() + "; " + verdict(d));
            }
            notes.forEach(n -> out.println("  not folded in: " + n));
            if (plan.adopted().isEmpty()) {
                return new Result(1, null, null);
            }
            Bundle patched = patchedBundle(cfg, admitted.files().dir(), bytes, plan);
            selfCheck(out, h, r.id(), patched, engine, check);
            out.println();
            if (!shared.isEmpty()) {
                out.println("# " + String.join(", ", shared) + " also select" + (shared.size() == 1 ? "s" : "")
                        + " other hosts: the patch scopes the change to " + h.name() + " alone, in "
                        + HostScopedFoldIn.file(h.name()) + " (overrides " + String.join(", ", shared)
                        + "). To change it for every host instead: adopt --shared.");
            }
            out.println("# The standard patch: apply with  patch -p1 -d " + cfg.standards()
                    + "  then run standard manifest and sign.");
            out.print(patch);
            String draft = FoldIn.recordDraft(
                    req.host(), r, plan.adopted(), now, cfg.approvals().maxValidity());
            out.println();
            out.println("# The fold-in change record (covers the host until the patched standard is signed):");
            out.print(draft);
            out.println();
            out.println("# What the patched bundle would do, per host, judged against its last successful audit:");
            List<ImpactReport.Judged> impact = new ImpactReport(cfg).judge(patched, storage.lastAudits());
            ImpactReport.print(impact, out);
            out.println("other hosts: " + ImpactReport.drifting(impact, h.name()) + " would drift");
            write(req.patchOut(), patch);
            write(req.recordOut(), draft);
            out.flush();
            return new Result(0, patch, draft);
        }
    }

    private static void write(Path file, String text) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoadException(e.getMessage() + ": cannot write");
        }
    }

    private static String verdict(ClassifiedDrift d) {
        var c = d.classification();
        if (c.approved()) {
            return "approved by " + c.approval();
        }
        return "unapproved (" + c.reason() + (c.approval() == null ? "" : ", " + c.approval()) + ")";
    }

    private static Map<String, byte[]> bundleBytes(BundleFiles files) {
        Map<String, byte[]> out = new TreeMap<>();
        files.paths().forEach(p -> out.put(p, files.get(p).orElseThrow()));
        return out;
    }

    private static Bundle patchedBundle(Config cfg, Path dir, Map<String, byte[]> bytes, FoldIn.Plan plan) {
        Map<String, byte[]> all = new TreeMap<>(bytes);
        all.putAll(plan.edits());
        try {
            return BundleLoader.load(new BundleFiles(dir, all, List.of()));
        } catch (LoadException e) {
            throw new LoadException(
                    "the patched bundle would not load (fix the standard by hand): " + String.join("; ", e.problems()));
        }
    }

    /** The patched standard, judged on the very observation just taken: the adopted properties must be compliant. */
    private static void selfCheck(
            PrintWriter out, Host h, ResourceId id, Bundle patched, DiffEngine engine, ResourceCheck check) {
        HostPlan.Resolution res = HostPlan.resolve(patched.standards(), h.target());
        res.failure().ifPresent(f -> {
            throw new LoadException(
                    "the patched bundle cannot be planned for " + h.name() + " (" + f.kind() + "): " + f.message());
        });
        List<Resource> one =
                res.plan().resources().stream().filter(x -> x.id().equals(id)).toList();
        HostDiff after = engine.diff(
                h,
                one.isEmpty()
                        ? new HostPlan(res.plan().standards(), one)
                        : res.plan().only(one.get(0)),
                check.observation());
        List<String> left = after.drifts().stream()
                .map(d -> d.property())
                .filter(p -> check.drifts().stream()
                        .anyMatch(c -> c.drift().property().equals(p)))
                .toList();
        out.println(
                left.isEmpty()
                        ? "  with the patch, " + h.name() + "'s " + id + " is compliant (judged on this observation)"
                        : "  with the patch, " + h.name() + "'s " + id + " still drifts in " + left);
    }
}
