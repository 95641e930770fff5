package io.driftwarden.audit;

import io.driftwarden.approval.ChangeRecord;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run as every writer reads it, assembled once at the end of the run's pipeline: the result, the changes since the
 * previous run (its drift events), the change records it judged by, the zone reviewers read times in, and the link
 * each record's id and ticket become ({@code approvals.ticket_url}; by record id).
 */
public record RunReport(
        AuditResult result,
        List<DriftEvent> events,
        Map<String, ChangeRecord> records,
        ZoneId zone,
        Map<String, String> links) {
    public RunReport {
        events = List.copyOf(events);
        records = java.util.Collections.unmodifiableMap(new TreeMap<>(records));
        links = java.util.Collections.unmodifiableMap(new TreeMap<>(links));
    }

    public RunReport(AuditResult result, List<DriftEvent> events, Map<String, ChangeRecord> records, ZoneId zone) {
        this(result, events, records, zone, Map.of());
    }

    /** The link of a record's id (its ticket), if it has one. */
    public java.util.Optional<String> link(String recordId) {
        return java.util.Optional.ofNullable(recordId == null ? null : links.get(recordId));
    }

    public static RunReport of(AuditResult result, List<DriftEvent> events, List<ChangeRecord> records, ZoneId zone) {
        return of(result, events, records, zone, Map.of());
    }

    public static RunReport of(
            AuditResult result,
            List<DriftEvent> events,
            List<ChangeRecord> records,
            ZoneId zone,
            Map<String, String> links) {
        Map<String, ChangeRecord> byId = new TreeMap<>();
        records.forEach(r -> byId.put(r.id(), r));
        return new RunReport(result, events, byId, zone, links);
    }

    /** The board's view of risk in this run: compliance two ways, and the approved exceptions it carries. */
    public Compliance compliance() {
        return Compliance.of(result, records);
    }

    /** A result alone: no history behind it, no records, times in UTC. */
    public static RunReport of(AuditResult result) {
        return new RunReport(result, List.of(), Map.of(), ZoneOffset.UTC);
    }
}
