package io.driftwarden.audit;

import io.driftwarden.approval.ChangeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The board's view of risk in one run, computed from the result alone: compliance two ways, fleet-wide and per
 * inventory group, and the approved exceptions the board carries, by record and age.
 *
 * <p><b>Strict</b> counts a host compliant only when it has no drift at all; <b>with approved exceptions</b> also
 * counts hosts whose every drift is covered by a record. Both divide by every host in scope: a host that failed,
 * was audited incompletely or is selected by no standard is never counted compliant (an unreachable host is not a
 * compliant one).
 */
public record Compliance(Share fleet, List<Share> groups, List<Carried> exceptions) {
    public Compliance {
        groups = List.copyOf(groups);
        exceptions = List.copyOf(exceptions);
    }

    /** A scope's hosts: all of them, those with no drift, those whose drifts are all approved. */
    public record Share(String group, int hosts, int compliant, int approvedDrift) {
        /** Hosts with no drift at all, as a share of every host in scope (1 for an empty scope: nothing is at risk). */
        public double strict() {
            return hosts == 0 ? 1 : (double) compliant / hosts;
        }

        /** Hosts with no unapproved drift. */
        public double withExceptions() {
            return hosts == 0 ? 1 : (double) (compliant + approvedDrift) / hosts;
        }
    }

    /**
     * One record in use this run: how many drifts on which hosts it covers, since when the oldest of them drifts,
     * when the board approved it and when it expires ({@code approvedAt}/{@code expires} null when the record is not
     * among the run's records).
     */
    public record Carried(
            String record,
            int drifts,
            List<String> hosts,
            Instant oldestFirstSeen,
            Instant approvedAt,
            Instant expires,
            String ticket) {
        public Carried {
            hosts = List.copyOf(hosts);
        }

        /** How long the board has carried it at {@code now}: since its approval, or since the drift when older. */
        public Duration age(Instant now) {
            Instant since = approvedAt == null || oldestFirstSeen != null && oldestFirstSeen.isBefore(approvedAt)
                    ? oldestFirstSeen
                    : approvedAt;
            return since == null || since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
        }
    }

    public static Compliance of(AuditResult result, Map<String, ChangeRecord> records) {
        Map<String, int[]> byGroup = new TreeMap<>();
        int[] fleet = new int[3];
        for (HostResult h : result.hosts()) {
            count(fleet, h.status());
            for (String g : h.host().groups()) {
                count(byGroup.computeIfAbsent(g, k -> new int[3]), h.status());
            }
        }
        List<Share> groups = new ArrayList<>();
        byGroup.forEach((g, c) -> groups.add(new Share(g, c[0], c[1], c[2])));
        return new Compliance(new Share(null, fleet[0], fleet[1], fleet[2]), groups, exceptions(result, records));
    }

    private static void count(int[] c, HostStatus s) {
        c[0]++;
        c[1] += s == HostStatus.COMPLIANT ? 1 : 0;
        c[2] += s == HostStatus.APPROVED_DRIFT ? 1 : 0;
    }

    private static List<Carried> exceptions(AuditResult result, Map<String, ChangeRecord> records) {
        Map<String, List<ClassifiedDrift>> covered = new TreeMap<>();
        Map<String, TreeSet<String>> hosts = new TreeMap<>();
        for (HostResult h : result.hosts()) {
            for (ClassifiedDrift d : h.drifts()) {
                if (d.classification().approved() && d.classification().approval() != null) {
                    String id = d.classification().approval();
                    covered.computeIfAbsent(id, k -> new ArrayList<>()).add(d);
                    hosts.computeIfAbsent(id, k -> new TreeSet<>()).add(h.host().name());
                }
            }
        }
        List<Carried> out = new ArrayList<>();
        covered.forEach((id, ds) -> {
            ChangeRecord r = records.get(id);
            Instant oldest = ds.stream()
                    .map(ClassifiedDrift::firstSeen)
                    .filter(java.util.Objects::nonNull)
                    .min(Comparator.naturalOrder())
                    .orElse(null);
            out.add(new Carried(
                    id,
                    ds.size(),
                    List.copyOf(hosts.get(id)),
                    oldest,
                    r == null ? null : r.approvedAt(),
                    r == null ? null : r.expires(),
                    r == null ? null : r.ticket()));
        });
        Instant now = result.evaluatedAt();
        out.sort(Comparator.comparing((Carried e) -> e.age(now)).reversed().thenComparing(Carried::record));
        return out;
    }
}
