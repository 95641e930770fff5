package io.driftwarden.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pure: the per-run flags of section 3. A record none of whose in-scope hosts was audited successfully in
 * this run (unreachable, or outside a --hosts subset) gets no flags at all.
 */
public final class RecordFlags {
    /** One host of the inventory as this run saw it. */
    public record HostSeen(String name, Set<String> groups, boolean auditedOk) {}

    /** A drift's reference to a record: the record it names and the reason (null when approved). */
    public record Naming(String recordId, String reason) {}

    public record Flags(boolean expiring, boolean openEnded, boolean inUse, boolean unused, boolean overdue) {
        public List<String> names() {
            List<String> out = new ArrayList<>();
            if (expiring) {
                out.add("expiring");
            }
            if (openEnded) {
                out.add("open_ended");
            }
            if (inUse) {
                out.add("in_use");
            }
            if (unused) {
                out.add("unused");
            }
            if (overdue) {
                out.add("overdue");
            }
            return out;
        }
    }

    private RecordFlags() {}

    public static Map<String, Flags> compute(
            Collection<ChangeRecord> records,
            Collection<HostSeen> hosts,
            Collection<Naming> namings,
            Instant now,
            Duration expiringWithin) {
        Map<String, Flags> out = new TreeMap<>();
        for (ChangeRecord r : records) {
            boolean audited = hosts.stream().anyMatch(h -> h.auditedOk() && r.selects(h.name(), h.groups()));
            if (!audited) {
                continue;
            }
            RecordState state = r.state(now);
            boolean inUse = namings.stream().anyMatch(n -> n.recordId().equals(r.id()));
            boolean overdue = state == RecordState.EXPIRED
                    && namings.stream()
                            .anyMatch(n -> n.recordId().equals(r.id()) && "approval-expired".equals(n.reason()));
            boolean expiring = state == RecordState.ACTIVE
                    && Duration.between(now, r.expires()).compareTo(expiringWithin) <= 0;
            out.put(r.id(), new Flags(expiring, r.openEnded(), inUse, state == RecordState.ACTIVE && !inUse, overdue));
        }
        return out;
    }
}
