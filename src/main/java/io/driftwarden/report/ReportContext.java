package io.driftwarden.report;

import io.driftwarden.approval.ChangeRecord;
import io.driftwarden.audit.DriftEvent;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the reviewers' report shows beyond one run: changes since the last run, the change records, the time zone. */
public record ReportContext(List<DriftEvent> changes, Map<String, ChangeRecord> records, ZoneId zone) {
    public ReportContext {
        changes = List.copyOf(changes);
        records = new TreeMap<>(records);
    }

    public static ReportContext of(List<DriftEvent> changes, List<ChangeRecord> records, ZoneId zone) {
        Map<String, ChangeRecord> byId = new TreeMap<>();
        records.forEach(r -> byId.put(r.id(), r));
        return new ReportContext(changes, byId, zone);
    }
}
