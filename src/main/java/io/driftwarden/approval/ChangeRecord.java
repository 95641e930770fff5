package io.driftwarden.approval;

import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.Selector;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A change record from {@code approvals/<id>.yaml}: who approved which live values, where and when. */
public record ChangeRecord(
        String id,
        String summary,
        List<String> approvedBy,
        Instant approvedAt,
        Instant validFrom,
        Instant expires,
        String ticket,
        String resolution,
        Selector appliesTo,
        List<Allow> allows,
        String file) {
    public ChangeRecord {
        approvedBy = List.copyOf(approvedBy);
        allows = List.copyOf(allows);
    }

    public RecordState state(Instant now) {
        if (now.isBefore(validFrom)) {
            return RecordState.NOT_YET_VALID;
        }
        return now.isBefore(expires) ? RecordState.ACTIVE : RecordState.EXPIRED;
    }

    public boolean selects(String host, Set<String> groups) {
        return appliesTo.matches(host, groups);
    }

    public Optional<Allow> allowFor(ResourceId resource, String property) {
        // a property's own entry first, then a resources: entry for any property
        return allows.stream()
                .filter(a -> a.covers(resource, property))
                .min(java.util.Comparator.comparing(Allow::anyProperty));
    }

    public boolean openEnded() {
        return allows.stream().anyMatch(Allow::openEnded);
    }
}
