package io.driftwarden.audit;

import io.driftwarden.approval.ChangeRecord;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run as every writer reads it, assembled once at the end of the run's pipeline: the result, the changes since the
 * previous run (its drift events), the change records it judged by, and the zone reviewers read times in.
 */
public record RunReport(AuditResult result, List<DriftEvent> events, Map<String, ChangeRecord> records, ZoneId zone) {
    public RunReport {
        events = List.copyOf(events);
        records = java.util.Collections.unmodifiableMap(new TreeMap<>(records));
    }

    public static RunReport of(AuditResult result, List<DriftEvent> events, List<ChangeRecord> records, ZoneId zone) {
        Map<String, ChangeRecord> byId = new TreeMap<>();
        records.forEach(r -> byId.put(r.id(), r));
        return new RunReport(result, events, byId, zone);
    }

    /** A result alone: no history behind it, no records, times in UTC. */
    public static RunReport of(AuditResult result) {
        return new RunReport(result, List.of(), Map.of(), ZoneOffset.UTC);
    }
}
