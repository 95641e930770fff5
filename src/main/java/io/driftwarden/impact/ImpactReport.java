package io.driftwarden.impact;

import io.driftwarden.bundle.Bundle;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.bundle.BundleLoader;
import io.driftwarden.config.Config;
import io.driftwarden.diff.RevisionImpact;
import io.driftwarden.diff.RevisionImpact.Change;
import io.driftwarden.diff.RevisionImpact.HostImpact;
import io.driftwarden.diff.RevisionImpact.Kind;
import io.driftwarden.diff.Sensitivity;
import io.driftwarden.history.HostMark;
import io.driftwarden.inventory.Host;
import io.driftwarden.inventory.Inventory;
import io.driftwarden.run.Inventories;
import io.driftwarden.standard.HostPlan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code standard verify --impact}: per host in the inventory, what the bundle on disk would make drift or
 * resolve, judged against the host's last successful audit as the store remembers it (its revision's exact
 * bytes, its open drifts and what it could not check). Reads the store, never a host.
 *
 * <p>A package of its own, not {@code run}: it starts no run, observes no host and records nothing; it judges a
 * candidate revision against what earlier runs left in the store, for the sign-off ({@code standard verify}) and
 * for {@code adopt}'s patched bundle alike. Not {@code history} either, which it reads: that would close a cycle
 * through {@code run}.
 */
public final class ImpactReport {
    private final Config cfg;

    public ImpactReport(Config cfg) {
        this.cfg = cfg;
    }

    /** One host's impact, with the audit it was judged against ({@code against} is null when it could not be). */
    public record Judged(String host, String against, HostImpact impact) {}

    public void print(BundleFiles candidateFiles, LastAudits store, PrintWriter out) {
        print(judge(BundleLoader.load(candidateFiles), store), out);
    }

    public static void print(List<Judged> results, PrintWriter out) {
        for (Judged j : results) {
            if (j.against() == null) {
                out.println("  " + j.host() + ": " + j.impact().verdict());
                continue;
            }
            out.println("  " + j.host() + " (audited " + j.against() + "): " + counts(j.impact()));
            j.impact().changes().forEach(c -> out.println("    " + line(c)));
        }
        List<HostImpact> all = results.stream().map(Judged::impact).toList();
        out.println("impact: " + all.size() + " hosts; " + total(all, Kind.DRIFTS) + " would drift, "
                + total(all, Kind.RESOLVES) + " would resolve, " + total(all, Kind.STILL_DRIFTS) + " still drift, "
                + total(all, Kind.UNKNOWN) + " cannot tell; "
                + all.stream().filter(r -> r.verdict() != null).count()
                + " hosts cannot be judged");
    }

    /** How many hosts other than {@code host} something would newly drift on. */
    public static long drifting(List<Judged> results, String host) {
        return results.stream()
                .filter(j -> !j.host().equals(host) && j.impact().count(Kind.DRIFTS) > 0)
                .count();
    }

    public List<Judged> judge(Bundle candidate, LastAudits store) {
        Inventory inventory = Inventories.load(cfg);
        RevisionImpact impact = new RevisionImpact(new Sensitivity(cfg.reports().sensitivePaths()));
        List<Judged> results = new ArrayList<>();
        Map<String, HostMark> marks = store.marks();
        Map<String, Map<String, RevisionImpact.Seen>> seen = store.lastSeen();
        Map<String, Optional<Bundle>> revisions = new HashMap<>();
        Map<String, String> labels = new HashMap<>();
        for (Host h : inventory.hosts()) {
            HostPlan.Resolution after = HostPlan.resolve(candidate.standards(), h.target());
            HostMark m = marks.get(h.name());
            String why = m == null || m.lastOkAt() == null
                    ? "never audited successfully: cannot tell"
                    : m.lastOkRevision() == null
                            ? "last audited without a verified standard (--insecure-unsigned): cannot tell"
                            : null;
            if (why == null) {
                String digest = m.lastOkRevision();
                Optional<Bundle> before = revisions.computeIfAbsent(
                        digest, d -> store.revision(d, cfg.standards()).map(f -> BundleLoader.load(f)));
                if (before.isPresent()) {
                    String label = labels.computeIfAbsent(
                            digest,
                            d -> store.serialOf(d).map(s -> "revision " + s).orElse(d));
                    HostPlan plan = HostPlan.resolve(before.get().standards(), h.target())
                            .plan();
                    results.add(new Judged(
                            h.name(),
                            m.lastOkAt() + " under " + label,
                            impact.of(h.name(), plan, after, seen.getOrDefault(h.name(), Map.of()))));
                    continue;
                }
                why = "its last audit's revision " + digest + " is not kept in the store: cannot tell";
            }
            results.add(new Judged(h.name(), null, new HostImpact(h.name(), why, List.of())));
        }
        return results;
    }

    private static String counts(HostImpact hi) {
        if (hi.verdict() != null) {
            return hi.verdict();
        }
        List<String> parts = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (hi.count(k) > 0) {
                parts.add(hi.count(k) + " " + k.label());
            }
        }
        return parts.isEmpty() ? "no change" : String.join(", ", parts);
    }

    private static long total(List<HostImpact> all, Kind k) {
        return all.stream().mapToLong(h -> h.count(k)).sum();
    }

    static String line(Change c) {
        StringBuilder b =
                new StringBuilder(String.format("%-14s %s %s: ", c.kind().label(), c.resource(), c.property()));
        b.append(
                c.before() == null
                        ? "now " + c.after()
                        : c.after() == null
                                ? "was " + c.before() + ", no longer declared"
                                : c.before() + " -> " + c.after());
        if (c.live() != null) {
            b.append(", live ").append(c.live());
        }
        if (c.declaredAt() != null) {
            b.append(" (").append(c.declaredAt()).append(")");
        }
        return b.append("; ").append(c.why()).toString();
    }
}
